using Microsoft.CodeAnalysis;

namespace IrlExec.Generators.Diagnostics
{
    /// <summary>
    /// Every diagnostic IrlExec reports, in one place. Each title says what is wrong, each message says what is wrong
    /// and how to fix it, and each help link opens the diagnostic's page in <c>docs/diagnostics/</c>.
    /// Keep <c>AnalyzerReleases.Unshipped.md</c> in step with this file (RS2008 checks it).
    /// </summary>
    internal static class DiagnosticDescriptors
    {
        /// <summary>Where the one-page-per-diagnostic documentation lives.</summary>
        public const string HelpBaseUrl = "https://github.com/irlexec/irlexec/blob/main/docs/diagnostics/";

        private const string StatusCategory = "IrlExec.Status";
        private const string WorkflowCategory = "IrlExec.Workflow";
        private const string VariablesCategory = "IrlExec.Variables";
        private const string SecurityCategory = "IrlExec.Security";
        private const string LoggingCategory = "IrlExec.Logging";

        /// <summary>The help page of diagnostic <paramref name="id"/>.</summary>
        public static string HelpLink(string id) => HelpBaseUrl + id + ".md";

        public static readonly DiagnosticDescriptor InvalidStatusTransition = new DiagnosticDescriptor(
            "IRL0001",
            "Invalid execution status transition",
            "Execution '{0}' is {1} here and cannot move to {2}; allowed from {1}: {3}. Move to an allowed status first, or remove this transition.",
            StatusCategory,
            DiagnosticSeverity.Error,
            isEnabledByDefault: true,
            helpLinkUri: HelpLink("IRL0001"));

        public static readonly DiagnosticDescriptor TransitionFromTerminal = new DiagnosticDescriptor(
            "IRL0002",
            "Transition out of a finished execution",
            "Execution '{0}' is already {1}, a terminal status, and cannot move to {2}: a finished execution's history is immutable. Remove this transition or start a new execution.",
            StatusCategory,
            DiagnosticSeverity.Error,
            isEnabledByDefault: true,
            helpLinkUri: HelpLink("IRL0002"));

        public static readonly DiagnosticDescriptor ResumeInsideStep = new DiagnosticDescriptor(
            "IRL0003",
            "A running step cannot resume an execution",
            "'{0}' is called inside step '{1}', while its execution is running: a step cannot resume an execution. Call context.Pause(reason) and return, then resume from the host once the execution is PAUSED.",
            StatusCategory,
            DiagnosticSeverity.Error,
            isEnabledByDefault: true,
            helpLinkUri: HelpLink("IRL0003"));

        public static readonly DiagnosticDescriptor InvalidStepTransition = new DiagnosticDescriptor(
            "IRL0004",
            "Invalid step status transition",
            "Step state '{0}' is {1} here and cannot move to {2}; allowed from {1}: {3}. A step must be RUNNING before it is COMPLETED or FAILED.",
            StatusCategory,
            DiagnosticSeverity.Error,
            isEnabledByDefault: true,
            helpLinkUri: HelpLink("IRL0004"));

        public static readonly DiagnosticDescriptor UnknownVariable = new DiagnosticDescriptor(
            "IRL0005",
            "Unknown variable",
            "{0} reads variable '{1}', which no [Variable] and no step's [Output] provides{2}",
            VariablesCategory,
            DiagnosticSeverity.Error,
            isEnabledByDefault: true,
            helpLinkUri: HelpLink("IRL0005"));

        public static readonly DiagnosticDescriptor UsedBeforeProduced = new DiagnosticDescriptor(
            "IRL0006",
            "Variable used before it is produced",
            "{0} reads variable '{1}', which is only produced later, by step {2} '{3}'. Read it in a later step, or produce it in an earlier one.",
            VariablesCategory,
            DiagnosticSeverity.Error,
            isEnabledByDefault: true,
            helpLinkUri: HelpLink("IRL0006"));

        public static readonly DiagnosticDescriptor TypeMismatch = new DiagnosticDescriptor(
            "IRL0007",
            "Input type does not match the variable's type",
            "{0} has type '{1}', but variable '{2}' is produced as '{3}' by {4}. Change the input's type to '{3}', or read another variable.",
            VariablesCategory,
            DiagnosticSeverity.Error,
            isEnabledByDefault: true,
            helpLinkUri: HelpLink("IRL0007"));

        public static readonly DiagnosticDescriptor DuplicateStepOrder = new DiagnosticDescriptor(
            "IRL0008",
            "Two steps have the same order",
            "Step '{0}' has order {1}, which step '{2}' already has. Give every step its own order: 1, 2, 3, ...",
            WorkflowCategory,
            DiagnosticSeverity.Error,
            isEnabledByDefault: true,
            helpLinkUri: HelpLink("IRL0008"));

        public static readonly DiagnosticDescriptor MissingStepOrder = new DiagnosticDescriptor(
            "IRL0009",
            "Step orders are not consecutive from 1",
            "The steps of workflow '{0}' must be numbered 1, 2, 3, ... without gaps, but {1}. Renumber the steps.",
            WorkflowCategory,
            DiagnosticSeverity.Error,
            isEnabledByDefault: true,
            helpLinkUri: HelpLink("IRL0009"));

        public static readonly DiagnosticDescriptor VariablePublishedTwice = new DiagnosticDescriptor(
            "IRL0010",
            "Two steps publish the same variable",
            "Step {0} '{1}' publishes variable '{2}', which step {3} '{4}' already publishes: the later value silently replaces the earlier one. Give one of the outputs another name, e.g. [Output(\"{2}_2\")].",
            VariablesCategory,
            DiagnosticSeverity.Warning,
            isEnabledByDefault: true,
            helpLinkUri: HelpLink("IRL0010"));

        public static readonly DiagnosticDescriptor StepNotPartial = new DiagnosticDescriptor(
            "IRL0011",
            "Step class is not partial",
            "Step class '{0}' must be partial so the generator can extend it. Add the 'partial' modifier.",
            WorkflowCategory,
            DiagnosticSeverity.Error,
            isEnabledByDefault: true,
            helpLinkUri: HelpLink("IRL0011"));

        public static readonly DiagnosticDescriptor StepWithoutIStep = new DiagnosticDescriptor(
            "IRL0012",
            "Step class does not implement IStep",
            "Step class '{0}' does not implement IStep, so it has nothing to run. Implement IStep and its ExecuteAsync method.",
            WorkflowCategory,
            DiagnosticSeverity.Error,
            isEnabledByDefault: true,
            helpLinkUri: HelpLink("IRL0012"));

        public static readonly DiagnosticDescriptor StepOutsideWorkflow = new DiagnosticDescriptor(
            "IRL0013",
            "[Step] outside a [Workflow] class",
            "'{0}' has [Step] but is not nested in a [Workflow] class, so no workflow runs it. Move it inside the workflow class it belongs to.",
            WorkflowCategory,
            DiagnosticSeverity.Error,
            isEnabledByDefault: true,
            helpLinkUri: HelpLink("IRL0013"));

        public static readonly DiagnosticDescriptor InvalidName = new DiagnosticDescriptor(
            "IRL0014",
            "Invalid workflow or step name",
            "'{0}' is not a valid {1} name: it is used in file names, so use lowercase letters, digits and single dashes between them (e.g. 'incident-approval').",
            WorkflowCategory,
            DiagnosticSeverity.Error,
            isEnabledByDefault: true,
            helpLinkUri: HelpLink("IRL0014"));

        public static readonly DiagnosticDescriptor MalformedTemplate = new DiagnosticDescriptor(
            "IRL0015",
            "Malformed template",
            "Template \"{0}\" is malformed. {1} Write each variable as {{{{name}}}} with a snake_case name.",
            VariablesCategory,
            DiagnosticSeverity.Error,
            isEnabledByDefault: true,
            helpLinkUri: HelpLink("IRL0015"));

        public static readonly DiagnosticDescriptor SideEffectsWithoutSimulation = new DiagnosticDescriptor(
            "IRL0016",
            "Step with side effects cannot be simulated",
            "Step '{0}' declares side effects ('{1}') but does not implement ISimulatedStep, so SIMULATION mode skips it and only uses its estimates. Implement ISimulatedStep.SimulateAsync to produce its outputs without side effects.",
            WorkflowCategory,
            DiagnosticSeverity.Warning,
            isEnabledByDefault: true,
            helpLinkUri: HelpLink("IRL0016"));

        public static readonly DiagnosticDescriptor SecretLeak = new DiagnosticDescriptor(
            "IRL0017",
            "Secret value leaks",
            "Secret '{0}' {1}: secrets must never reach logs, messages or non-secret outputs. {2}.",
            SecurityCategory,
            DiagnosticSeverity.Warning,
            isEnabledByDefault: true,
            helpLinkUri: HelpLink("IRL0017"));

        public static readonly DiagnosticDescriptor WorkflowNotPartial = new DiagnosticDescriptor(
            "IRL0018",
            "Workflow class is not a top-level partial class",
            "Workflow class '{0}' must be a top-level, non-generic, non-static partial class so the generator can add its plan and runner. {1}.",
            WorkflowCategory,
            DiagnosticSeverity.Error,
            isEnabledByDefault: true,
            helpLinkUri: HelpLink("IRL0018"));

        public static readonly DiagnosticDescriptor NoJsonMetadata = new DiagnosticDescriptor(
            "IRL0019",
            "Variable type has no JSON metadata",
            "{0} has type '{1}', which IrlExec cannot serialize without a JsonContext. Set JsonContext on [Workflow] to a JsonSerializerContext with [JsonSerializable(typeof({1}))], or use a built-in type (string, int, long, bool, double, decimal, DateTime, DateTimeOffset, Guid, List<string>).",
            VariablesCategory,
            DiagnosticSeverity.Error,
            isEnabledByDefault: true,
            helpLinkUri: HelpLink("IRL0019"));

        public static readonly DiagnosticDescriptor TemplateInputNotString = new DiagnosticDescriptor(
            "IRL0020",
            "Template input is not a string",
            "{0} has a Template but type '{1}': a template renders text. Make the property a string, or bind it from a variable instead of a template.",
            VariablesCategory,
            DiagnosticSeverity.Error,
            isEnabledByDefault: true,
            helpLinkUri: HelpLink("IRL0020"));

        public static readonly DiagnosticDescriptor InvalidVariableName = new DiagnosticDescriptor(
            "IRL0021",
            "Invalid variable name",
            "'{0}' is not a valid variable name: use snake_case, a lowercase letter followed by lowercase letters, digits or underscores (e.g. 'file_path').",
            VariablesCategory,
            DiagnosticSeverity.Error,
            isEnabledByDefault: true,
            helpLinkUri: HelpLink("IRL0021"));

        public static readonly DiagnosticDescriptor StepNotCreatable = new DiagnosticDescriptor(
            "IRL0022",
            "Step class cannot be created by the generated code",
            "Step class '{0}' cannot be created by the generated runner: {1}. Make it a non-abstract, non-generic class, public or internal, with a public or internal parameterless constructor.",
            WorkflowCategory,
            DiagnosticSeverity.Error,
            isEnabledByDefault: true,
            helpLinkUri: HelpLink("IRL0022"));

        public static readonly DiagnosticDescriptor PropertyNotBindable = new DiagnosticDescriptor(
            "IRL0023",
            "Variable, input or output property cannot be bound",
            "{0} cannot be bound by the generated code: {1}. Use a public or internal instance property with {2}.",
            VariablesCategory,
            DiagnosticSeverity.Error,
            isEnabledByDefault: true,
            helpLinkUri: HelpLink("IRL0023"));

        public static readonly DiagnosticDescriptor DuplicateStepName = new DiagnosticDescriptor(
            "IRL0024",
            "Two steps have the same name",
            "Step '{0}' is named '{1}', like step '{2}': step names identify steps in logs and execution_state.md. Give one of them another Name.",
            WorkflowCategory,
            DiagnosticSeverity.Error,
            isEnabledByDefault: true,
            helpLinkUri: HelpLink("IRL0024"));

        public static readonly DiagnosticDescriptor InvalidMigrationHook = new DiagnosticDescriptor(
            "IRL0025",
            "Invalid workflow migration hook",
            "Method '{0}' is marked [WorkflowMigration] but {1}. Declare one 'static void {0}(PlanMigrationContext context)' in the [Workflow] class.",
            WorkflowCategory,
            DiagnosticSeverity.Error,
            isEnabledByDefault: true,
            helpLinkUri: HelpLink("IRL0025"));

        public static readonly DiagnosticDescriptor GeneratedNameClash = new DiagnosticDescriptor(
            "IRL0026",
            "Member name is taken by the generated code",
            "'{0}' has the name of {1}, which IrlExec generates in workflow class '{2}': while this member exists, that one is not generated. Rename this member{3}.",
            WorkflowCategory,
            DiagnosticSeverity.Warning,
            isEnabledByDefault: true,
            helpLinkUri: HelpLink("IRL0026"));

        public static readonly DiagnosticDescriptor TypeMissingFromJsonContext = new DiagnosticDescriptor(
            "IRL0027",
            "Type is missing from the workflow's JsonContext",
            "{0} has type '{1}', for which JsonContext '{2}' has no metadata: the step would run, then fail when its value is saved. Add [JsonSerializable(typeof({1}))] to '{2}'.",
            VariablesCategory,
            DiagnosticSeverity.Error,
            isEnabledByDefault: true,
            helpLinkUri: HelpLink("IRL0027"));

        public static readonly DiagnosticDescriptor GoalReadsStepOutput = new DiagnosticDescriptor(
            "IRL0028",
            "Goal reads a step output",
            "The goal of workflow '{0}' reads variable '{1}', which step {2} '{3}' produces: the goal is rendered when an execution starts, before any step runs, so it can read only [Variable]s. Declare '{1}' with [Variable], or remove it from the Goal.",
            VariablesCategory,
            DiagnosticSeverity.Error,
            isEnabledByDefault: true,
            helpLinkUri: HelpLink("IRL0028"));

        public static readonly DiagnosticDescriptor InvalidSignalInput = new DiagnosticDescriptor(
            "IRL0029",
            "Invalid signal input",
            "{0} receives signal '{1}' and {2}: a signal input is set from the signal's payload alone, which the history records as sent. {3}.",
            VariablesCategory,
            DiagnosticSeverity.Error,
            isEnabledByDefault: true,
            helpLinkUri: HelpLink("IRL0029"));

        public static readonly DiagnosticDescriptor SignalPayloadTypeMismatch = new DiagnosticDescriptor(
            "IRL0030",
            "Signal payload type does not match its input",
            "{0} signal '{1}' as '{2}', but {3} receives it as '{4}': the payload would fail to read when the step runs. Use '{4}' here, or change the input.",
            VariablesCategory,
            DiagnosticSeverity.Error,
            isEnabledByDefault: true,
            helpLinkUri: HelpLink("IRL0030"));

        public static readonly DiagnosticDescriptor InvalidServiceProperty = new DiagnosticDescriptor(
            "IRL0031",
            "Service property cannot be set by the generated code",
            "[Service] property '{0}' cannot be set by the generated binding: {1}. {2}.",
            WorkflowCategory,
            DiagnosticSeverity.Error,
            isEnabledByDefault: true,
            helpLinkUri: HelpLink("IRL0031"));

        public static readonly DiagnosticDescriptor LogPlaceholderWithoutParameter = new DiagnosticDescriptor(
            "IRL0032",
            "Log message placeholder without a parameter",
            "The message of log method '{0}' has placeholder '{{{1}}}', but no parameter of the method is named '{1}' (compared ignoring case). Add a parameter '{1}', or remove the placeholder.",
            LoggingCategory,
            DiagnosticSeverity.Error,
            isEnabledByDefault: true,
            helpLinkUri: HelpLink("IRL0032"));

        public static readonly DiagnosticDescriptor LogParameterWithoutPlaceholder = new DiagnosticDescriptor(
            "IRL0033",
            "Log method parameter without a placeholder",
            "Parameter '{1}' of log method '{0}' is not in its message: its value is neither written nor passed to ILogger. Add '{{{1}}}' to the message, or remove the parameter.",
            LoggingCategory,
            DiagnosticSeverity.Warning,
            isEnabledByDefault: true,
            helpLinkUri: HelpLink("IRL0033"));

        public static readonly DiagnosticDescriptor InvalidLogMethod = new DiagnosticDescriptor(
            "IRL0034",
            "Invalid log method",
            "Log method '{0}' cannot be generated: {1}. Declare it 'partial void {0}(StepContext context, ...)' in a partial type, with a message whose placeholders are '{{Name}}', '{{Name,alignment}}' or '{{Name:format}}'.",
            LoggingCategory,
            DiagnosticSeverity.Error,
            isEnabledByDefault: true,
            helpLinkUri: HelpLink("IRL0034"));

        /// <summary>Every descriptor, for <c>SupportedDiagnostics</c> and the documentation tests.</summary>
        public static readonly DiagnosticDescriptor[] All =
        {
            InvalidStatusTransition, TransitionFromTerminal, ResumeInsideStep, InvalidStepTransition,
            UnknownVariable, UsedBeforeProduced, TypeMismatch, DuplicateStepOrder, MissingStepOrder, VariablePublishedTwice,
            StepNotPartial, StepWithoutIStep, StepOutsideWorkflow, InvalidName, MalformedTemplate,
            SideEffectsWithoutSimulation, SecretLeak, WorkflowNotPartial, NoJsonMetadata, TemplateInputNotString, InvalidVariableName,
            StepNotCreatable, PropertyNotBindable, DuplicateStepName, InvalidMigrationHook, GeneratedNameClash,
            TypeMissingFromJsonContext, GoalReadsStepOutput, InvalidSignalInput, SignalPayloadTypeMismatch,
            InvalidServiceProperty,
            LogPlaceholderWithoutParameter, LogParameterWithoutPlaceholder, InvalidLogMethod,
        };
    }
}
