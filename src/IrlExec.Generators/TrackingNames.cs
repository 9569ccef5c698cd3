namespace IrlExec.Generators
{
    /// <summary>The names of the generator's incremental steps (used by the caching tests).</summary>
    internal static class TrackingNames
    {
        /// <summary>[Workflow] classes parsed into models (null model when invalid).</summary>
        public const string WorkflowParsed = nameof(WorkflowParsed);

        /// <summary>Valid workflow models only.</summary>
        public const string WorkflowModels = nameof(WorkflowModels);

        /// <summary>The workflow full names, for the catalog.</summary>
        public const string WorkflowNames = nameof(WorkflowNames);

        /// <summary>The catalog model.</summary>
        public const string Catalog = nameof(Catalog);
    }
}
