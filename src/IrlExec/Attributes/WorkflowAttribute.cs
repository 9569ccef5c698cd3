namespace IrlExec;

/// <summary>
/// Declares a workflow: a <c>partial</c> class whose nested <see cref="StepAttribute"/> classes are its steps.
/// The IrlExec generator emits its <c>Plan</c>, binding code and runner.
/// </summary>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = false, Inherited = false)]
public sealed class WorkflowAttribute : Attribute
{
    /// <summary>Declares a workflow named <paramref name="name"/> (lowercase letters, digits and dashes: it is used in file names).</summary>
    public WorkflowAttribute(string name) => Name = name;

    /// <summary>The workflow name, e.g. <c>incident-approval</c>.</summary>
    public string Name { get; }

    /// <summary>The goal, a <c>{{variable}}</c> template rendered into <c>execution_state.md</c> (e.g. <c>Approve incidents for {{integration}}</c>).</summary>
    public string? Goal { get; set; }

    /// <summary>The definition's version; raise it when a change needs an explicit migration of in-flight executions.</summary>
    public int Version { get; set; } = 1;

    /// <summary>
    /// The <see cref="System.Text.Json.Serialization.JsonSerializerContext"/> (source-generated, declared by you) that holds
    /// the JSON metadata of the variable, input and output types that IrlExec does not know (records, lists of records,
    /// nullable value types, ...). The generated binding code reads metadata from it once per type; it never uses
    /// reflection-based serialization. Not needed when every type is one of <see cref="JsonTypes"/>.
    /// </summary>
    public Type? JsonContext { get; set; }
}

/// <summary>Declares a step of the enclosing <see cref="WorkflowAttribute"/> class. The class must be <c>partial</c> and implement <see cref="IStep"/>.</summary>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = false, Inherited = false)]
public sealed class StepAttribute : Attribute
{
    /// <summary>Declares the step that runs in position <paramref name="order"/> (1, 2, 3, ...).</summary>
    public StepAttribute(int order) => Order = order;

    /// <summary>The step's position in the plan, starting at 1.</summary>
    public int Order { get; }

    /// <summary>The step's name in the plan and in log lines; defaults to the class name in kebab-case (<c>ListIncidents</c> → <c>list-incidents</c>).</summary>
    public string? Name { get; set; }

    /// <summary>The component id (the template's <c>component</c>), e.g. <c>quarantine.list</c>.</summary>
    public string? Component { get; set; }

    /// <summary>The tool the step maps to in EXECUTION mode (the template's <c>tool_mapping</c>), e.g. <c>Bash</c>.</summary>
    public string? Tool { get; set; }

    /// <summary>The estimated cost in dollars (the template's <c>estimated_cost</c>).</summary>
    public double EstimatedCost { get; set; }

    /// <summary>The estimated duration in seconds (the template's <c>estimated_time</c>).</summary>
    public double EstimatedSeconds { get; set; }

    /// <summary>What the step changes outside the execution (the template's <c>side_effects</c>); <c>none</c> when it changes nothing.</summary>
    public string? SideEffects { get; set; }

    /// <summary>How many times the step is attempted before the failure policy applies (default 1: no retry).</summary>
    public int MaxAttempts { get; set; } = 1;

    /// <summary>
    /// How many times an attempt interrupted by its process stopping (killed, out of memory, <c>Environment.FailFast</c>)
    /// is run again by a resume or a worker's recovery (default 3; 0: never). Counted from the history across processes:
    /// once exceeded, the step fails instead of running again, so a step that kills its worker every time does not
    /// crash one worker after another. See <see cref="StepPlan.MaxRecoveryAttempts"/>.
    /// </summary>
    public int MaxRecoveryAttempts { get; set; } = StepPlan.DefaultMaxRecoveryAttempts;

    /// <summary>
    /// The signal the step can wait for (<see cref="StepContext.WaitForSignal(string, string?)"/>), snake_case, e.g. <c>approval</c>:
    /// listed in its plan (<see cref="StepPlan.Signals"/>), so that executions accept it and refuse any other name.
    /// </summary>
    public string? Signal { get; set; }
}

/// <summary>
/// Marks a property of a workflow class as an initial variable. Its variable name is the property name in snake_case
/// unless given.
/// </summary>
[AttributeUsage(AttributeTargets.Property, AllowMultiple = false, Inherited = false)]
public sealed class VariableAttribute : Attribute
{
    /// <summary>A variable named after the property (<c>FilePath</c> → <c>file_path</c>).</summary>
    public VariableAttribute() { }

    /// <summary>A variable with an explicit name.</summary>
    public VariableAttribute(string name) => Name = name;

    /// <summary>The explicit variable name, or null to use the property name in snake_case.</summary>
    public string? Name { get; }
}

/// <summary>
/// Marks a step property as an input, bound before the step runs: from the variable named after the property (snake_case),
/// from an explicit variable name, or from a rendered <see cref="Template"/>.
/// </summary>
[AttributeUsage(AttributeTargets.Property, AllowMultiple = false, Inherited = false)]
public sealed class InputAttribute : Attribute
{
    /// <summary>An input bound from the variable named after the property.</summary>
    public InputAttribute() { }

    /// <summary>An input bound from the variable <paramref name="variable"/>.</summary>
    public InputAttribute(string variable) => Variable = variable;

    /// <summary>The variable this input reads, or null for the property name in snake_case.</summary>
    public string? Variable { get; }

    /// <summary>A string template such as <c>workspace/{{integration}}/out.txt</c>, rendered from variables (string inputs only).</summary>
    public string? Template { get; set; }

    /// <summary>
    /// The signal (snake_case, e.g. <c>approval</c>) whose payload this input receives instead of a variable: before each
    /// attempt of the step it is set to the payload of the last such signal delivered to the execution, read as the
    /// property's type; while none has arrived it keeps its initial value (declare it nullable to tell). The step's plan
    /// lists the signal with this type, so executions accept it, and the analyzer checks that senders and other
    /// receivers of the signal use the same type (IRL0030). Not with a variable name, <see cref="Template"/> or
    /// <see cref="SecretAttribute"/> (a payload is recorded as sent; IRL0029).
    /// </summary>
    public string? Signal { get; set; }
}

/// <summary>Marks a step property as an output, published as a variable when the step completes.</summary>
[AttributeUsage(AttributeTargets.Property, AllowMultiple = false, Inherited = false)]
public sealed class OutputAttribute : Attribute
{
    /// <summary>An output published as the property name in snake_case.</summary>
    public OutputAttribute() { }

    /// <summary>An output published as <paramref name="variable"/>.</summary>
    public OutputAttribute(string variable) => Variable = variable;

    /// <summary>The variable name, or null for the property name in snake_case.</summary>
    public string? Variable { get; }

    /// <summary>What the output is (the template's <c>expected_outputs</c> description).</summary>
    public string? Description { get; set; }
}

/// <summary>Marks a variable, input or output as secret: its value is written as <c>***</c> in every file, log and training example.</summary>
[AttributeUsage(AttributeTargets.Property, AllowMultiple = false, Inherited = false)]
public sealed class SecretAttribute : Attribute
{
}

/// <summary>
/// Declares the explicit migration hook of the enclosing <see cref="WorkflowAttribute"/> class: a
/// <c>static void Name(PlanMigrationContext context)</c> method that maps an in-flight execution's old variables to what
/// this version of the definition reads. The generated <c>Definition</c> carries it (<see cref="WorkflowDefinition.Migration"/>),
/// so every resume of the workflow uses it when the recorded version is older, the <c>irlexec resume</c> command
/// included; a <see cref="RunOptions.Migration"/> given to one resume takes precedence. One per workflow.
/// </summary>
[AttributeUsage(AttributeTargets.Method, AllowMultiple = false, Inherited = false)]
public sealed class WorkflowMigrationAttribute : Attribute
{
}
