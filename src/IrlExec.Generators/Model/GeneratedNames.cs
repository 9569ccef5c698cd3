namespace IrlExec.Generators.Model
{
    /// <summary>
    /// The names the generated code of one workflow declares in the workflow class, resolved against the user's own
    /// members so that no generated member ever clashes with one:
    /// <list type="bullet">
    /// <item>the public API (<see cref="Plan"/>, <see cref="Definition"/>, <see cref="ToVariables"/>, <see cref="RunAsync"/>,
    /// <see cref="SimulateAsync"/>, <see cref="ResumeAsync"/>) keeps its names; one the user's class already declares
    /// (<see cref="Claimed"/>) is left out, and the analyzer reports IRL0026 on the user's member. The plan, the definition
    /// and the variables the rest of the generated code needs are then declared under a private name;</item>
    /// <item>the private members (the variable table, the JSON accessors, one definition class per step) start with
    /// <see cref="Prefix"/>, which no member of the class (declared or inherited) starts with;</item>
    /// <item>a public member that hides an inherited one (a base class's <c>Plan</c>) is declared <c>new</c>
    /// (<see cref="Hidden"/>).</item>
    /// </list>
    /// </summary>
    /// <param name="Prefix">The prefix of every private generated name: <c>IrlExec</c>, or <c>IrlExec_</c>, <c>IrlExec__</c>, ... when the class has members starting with it.</param>
    /// <param name="Claimed">The public generated names the user's class declares itself (each one is left out).</param>
    /// <param name="Hidden">The public generated names that hide an inherited member (each one is declared <c>new</c>).</param>
    internal sealed record GeneratedNames(string Prefix, EquatableArray<string> Claimed, EquatableArray<string> Hidden)
    {
        /// <summary>The static plan property.</summary>
        public const string Plan = nameof(Plan);

        /// <summary>The static definition property (read by the assembly's catalog).</summary>
        public const string Definition = nameof(Definition);

        /// <summary>The instance method that collects the <c>[Variable]</c> values.</summary>
        public const string ToVariables = nameof(ToVariables);

        /// <summary>The static method that runs a new execution.</summary>
        public const string RunAsync = nameof(RunAsync);

        /// <summary>The static method that simulates a new execution.</summary>
        public const string SimulateAsync = nameof(SimulateAsync);

        /// <summary>The static method that resumes an execution.</summary>
        public const string ResumeAsync = nameof(ResumeAsync);

        /// <summary>The nested class of typed views of an execution (<c>WorkflowStateView</c>).</summary>
        public const string State = nameof(State);

        /// <summary>The nested class of variables to set on resume (<c>WorkflowChanges</c>).</summary>
        public const string Changes = nameof(Changes);

        /// <summary>The prefix of private generated names when the class has no member starting with it.</summary>
        public const string DefaultPrefix = "IrlExec";

        /// <summary>No clash, nothing hidden: what almost every workflow gets.</summary>
        public static GeneratedNames Default { get; } = new GeneratedNames(DefaultPrefix, EquatableArray<string>.Empty, EquatableArray<string>.Empty);

        /// <summary>Whether public member <paramref name="name"/> is emitted (the user's class does not declare it).</summary>
        public bool Emits(string name) => !Contains(Claimed, name);

        /// <summary><c>"new "</c> when public member <paramref name="name"/> hides an inherited member, otherwise <c>""</c>.</summary>
        public string NewModifier(string name) => Contains(Hidden, name) ? "new " : "";

        /// <summary>The name the generated code declares (and reads) the plan under.</summary>
        public string PlanMember => Emits(Plan) ? Plan : Prefix + Plan;

        /// <summary>The name the generated code declares (and the catalog reads) the definition under.</summary>
        public string DefinitionMember => Emits(Definition) ? Definition : Prefix + Definition;

        /// <summary>The name the generated code declares (and the runner methods call) the variables method under.</summary>
        public string ToVariablesMember => Emits(ToVariables) ? ToVariables : Prefix + ToVariables;

        /// <summary>The private <c>VariableNameTable</c> field.</summary>
        public string VariableNames => Prefix + "VariableNames";

        /// <summary>The private class of JSON metadata accessors.</summary>
        public string Json => Prefix + "Json";

        /// <summary>The private definition class of step class <paramref name="stepClass"/>.</summary>
        public string StepDefinition(string stepClass) => Prefix + stepClass + "Definition";

        private static bool Contains(EquatableArray<string> names, string name)
        {
            foreach (var item in names)
            {
                if (item == name) return true;
            }
            return false;
        }
    }
}
