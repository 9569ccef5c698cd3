namespace IrlExec.CodeFixes
{
    /// <summary>
    /// The ids and property keys of the diagnostics these fixes handle, as IrlExec.Generators defines them (this assembly
    /// does not reference it; the code-fix tests run the real analyzers, so a drift fails them).
    /// </summary>
    internal static class DiagnosticIds
    {
        public const string UnknownVariable = "IRL0005";
        public const string DuplicateStepOrder = "IRL0008";
        public const string MissingStepOrder = "IRL0009";
        public const string StepNotPartial = "IRL0011";
        public const string StepWithoutIStep = "IRL0012";
        public const string WorkflowNotPartial = "IRL0018";

        public const string SuggestionProperty = "Suggestion";
        public const string ImplicitNameProperty = "ImplicitName";
        public const string NameProperty = "Name";
        public const string AddPartialProperty = "AddPartial";
    }
}
