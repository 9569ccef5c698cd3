using System;

namespace IrlExec.Generators.Model
{
    // The models the parser hands to the emitter: strings, numbers, booleans and EquatableArrays only (never a symbol,
    // a syntax node, a location or the compilation), so the incremental pipeline can compare them and skip emitting.

    /// <summary>How generated code gets the <c>JsonTypeInfo&lt;T&gt;</c> of a type.</summary>
    internal enum JsonSource
    {
        /// <summary>A ready-made <c>global::IrlExec.JsonTypes</c> property (<see cref="TypeModel.JsonExpression"/>).</summary>
        BuiltIn,

        /// <summary>Looked up once in the workflow's <c>JsonContext</c>.</summary>
        Context,
    }

    /// <summary>A type as generated code writes it.</summary>
    /// <param name="FullName">Fully qualified, with nullable annotations (<c>global::System.Collections.Generic.List&lt;global::N.Incident&gt;?</c>).</param>
    /// <param name="JsonTypeName">The type argument of its <c>JsonTypeInfo&lt;T&gt;</c>: <see cref="FullName"/> without a top-level <c>?</c> on a reference type.</param>
    /// <param name="DisplayName">As the plan shows it (<c>List&lt;Incident&gt;</c>).</param>
    /// <param name="IsNullableReference">A reference type annotated <c>?</c> (outputs are published with <c>!</c>).</param>
    /// <param name="IsString">string or string?.</param>
    /// <param name="Json">Where its JSON metadata comes from.</param>
    /// <param name="JsonExpression">For <see cref="JsonSource.BuiltIn"/>: the expression, e.g. <c>global::IrlExec.JsonTypes.Int32</c>.</param>
    internal sealed record TypeModel(
        string FullName,
        string JsonTypeName,
        string DisplayName,
        bool IsNullableReference,
        bool IsString,
        JsonSource Json,
        string JsonExpression);

    /// <summary>A <c>[Variable]</c> property of the workflow class.</summary>
    internal sealed record VariableModel(string PropertyName, string Name, TypeModel Type, bool IsSecret, bool IsRequired);

    /// <summary>
    /// An <c>[Input]</c> property of a step: bound from <c>Variable</c>, or rendered from <c>Template</c> when that is not
    /// null (<c>[Input(Template = ...)]</c>).
    /// </summary>
    internal sealed record InputModel(string PropertyName, string Name, string Variable, string? Template, TypeModel Type, bool IsSecret)
    {
        /// <summary>The plan's reference: the template, or <c>{{variable}}</c>.</summary>
        public string Reference => Template ?? "{{" + Variable + "}}";
    }

    /// <summary>
    /// An <c>[Input(Signal = "name")]</c> property of a step: set, before each attempt, to the payload of the last signal
    /// <paramref name="Signal"/> delivered to the execution (left as initialized while none has arrived).
    /// </summary>
    internal sealed record SignalInputModel(string PropertyName, string Signal, TypeModel Type);

    /// <summary>An <c>[Output]</c> property of a step.</summary>
    internal sealed record OutputModel(string PropertyName, string Name, TypeModel Type, string Description, bool IsSecret);

    /// <summary>A <c>[Step]</c> class nested in the workflow class.</summary>
    internal sealed record StepModel(
        string ClassName,
        string FullName,
        bool IsPartial,
        int Order,
        string Name,
        string Component,
        string Tool,
        double EstimatedCost,
        double EstimatedSeconds,
        string SideEffects,
        int MaxAttempts,
        int MaxRecoveryAttempts,
        bool HasSimulation,
        bool RunsInSimulation,
        EquatableArray<InputModel> Inputs,
        EquatableArray<OutputModel> Outputs,
        string Signal,
        EquatableArray<SignalInputModel> SignalInputs,
        EquatableArray<ServiceModel> Services)
    {
        /// <summary>StepPlan.DefaultMaxRecoveryAttempts: the emitter leaves a step with it alone.</summary>
        public const int DefaultMaxRecoveryAttempts = 3;

        /// <summary>
        /// The signals the step's plan lists: <c>[Step(Signal = ...)]</c> first, then each signal input's, once each; a
        /// signal an input receives has that input's type, one only waited for has <c>json</c>.
        /// </summary>
        public EquatableArray<(string Name, string TypeName)> Signals
        {
            get
            {
                var signals = new System.Collections.Generic.List<(string Name, string TypeName)>();
                if (Signal.Length > 0) signals.Add((Signal, TypeOf(Signal)));
                foreach (var input in SignalInputs)
                {
                    if (!signals.Exists(s => s.Name == input.Signal)) signals.Add((input.Signal, input.Type.DisplayName));
                }
                return signals.ToEquatableArray();
            }
        }

        private string TypeOf(string signal)
        {
            foreach (var input in SignalInputs)
            {
                if (input.Signal == signal) return input.Type.DisplayName;
            }
            return "json";
        }
    }

    /// <summary>
    /// A <c>[Workflow]</c> partial class, ready to emit. <paramref name="IsStub"/>: its declaration has errors the analyzer
    /// reports (no steps are modelled); only stubs of the public members are emitted, which throw, so the user's own uses of
    /// <c>Plan</c> or <c>RunAsync</c> compile and the build shows the analyzer's errors alone.
    /// <paramref name="DeclaresManifestSnapshot"/>: the class implements <c>IrlExec.IManifestSnapshot</c> (the definition's
    /// <c>ManifestSnapshot</c> is set from it).
    /// </summary>
    internal sealed record WorkflowModel(
        string Namespace,
        string ClassName,
        string FullName,
        string Name,
        string Goal,
        int Version,
        string? JsonContext,
        EquatableArray<VariableModel> Variables,
        EquatableArray<StepModel> Steps,
        string? MigrationMethod,
        GeneratedNames Names,
        bool IsStub = false,
        bool DeclaresManifestSnapshot = false)
    {
        /// <summary>The generated file's hint name.</summary>
        public string HintName => (Namespace.Length == 0 ? ClassName : Namespace + "." + ClassName) + ".g.cs";
    }

    /// <summary>What the per-assembly catalog needs: each workflow's definition property (<c>global::N.W.Definition</c>).</summary>
    internal sealed record CatalogModel(EquatableArray<string> Workflows);
}
