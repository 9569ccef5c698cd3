namespace IrlExec.Generators
{
    /// <summary>The names of the generator's incremental steps (used by the caching tests).</summary>
    internal static class TrackingNames
    {
        /// <summary>The metadata names of the <c>[Workflow]</c> classes (names only, no binding).</summary>
        public const string WorkflowCandidates = nameof(WorkflowCandidates);

        /// <summary>The version of the compilation's declarations (unchanged by member-body edits).</summary>
        public const string Declarations = nameof(Declarations);

        /// <summary>The valid workflows parsed into models, all at once (only when the candidates or declarations changed).</summary>
        public const string WorkflowParsed = nameof(WorkflowParsed);

        /// <summary>Valid workflow models, one item each.</summary>
        public const string WorkflowModels = nameof(WorkflowModels);

        /// <summary>The workflows' definition properties (<c>global::N.W.Definition</c>), for the catalog; null for a stub.</summary>
        public const string WorkflowNames = nameof(WorkflowNames);

        /// <summary>The catalog model.</summary>
        public const string Catalog = nameof(Catalog);

        /// <summary>The <c>[StepLog]</c> methods that can be generated, one model each (strings only).</summary>
        public const string StepLogMethods = nameof(StepLogMethods);

        /// <summary>The <c>[StepLog]</c> methods grouped by the type that declares them, one source each.</summary>
        public const string StepLogTypes = nameof(StepLogTypes);
    }
}
