namespace IrlExec.Generators.Diagnostics
{
    /// <summary>
    /// Keys of <c>Diagnostic.Properties</c> that the code fixes read. IrlExec.CodeFixes repeats these strings (it does not
    /// reference this assembly); the code-fix tests keep the two in step.
    /// </summary>
    internal static class DiagnosticProperties
    {
        /// <summary>IRL0005: the closest known variable name, when there is one.</summary>
        public const string Suggestion = "Suggestion";

        /// <summary>IRL0005: "true" when the unknown name comes from the property name (<c>[Input]</c> without a name).</summary>
        public const string ImplicitName = "ImplicitName";

        /// <summary>IRL0005: the unknown variable name as written.</summary>
        public const string Name = "Name";
    }
}
