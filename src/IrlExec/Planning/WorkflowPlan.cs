namespace IrlExec;

/// <summary>
/// The plan of a workflow: its steps, what they read and write, and their estimates. The generator builds one per
/// <see cref="WorkflowAttribute"/> class at compile time; hand-written workflows build it directly.
/// </summary>
public sealed class WorkflowPlan
{
    /// <summary>The workflow name (lowercase letters, digits, dashes), e.g. <c>incident-approval</c>.</summary>
    public required string Name { get; init; }

    /// <summary>The goal template, e.g. <c>Approve safe schema-drift incidents for {{integration}}</c>.</summary>
    public string Goal { get; init; } = "";

    /// <summary>The definition's version (see <see cref="WorkflowAttribute.Version"/>).</summary>
    public int Version { get; init; } = 1;

    /// <summary>A stable hash of the plan's shape (steps, inputs, outputs and types), or empty when not computed.</summary>
    public string Fingerprint { get; init; } = "";

    /// <summary>The initial variables the workflow declares.</summary>
    public IReadOnlyList<VariablePlan> Variables { get; init; } = [];

    /// <summary>The steps, in order.</summary>
    public required IReadOnlyList<StepPlan> Steps { get; init; }

    /// <summary>The sum of the steps' estimated costs, in dollars.</summary>
    public decimal EstimatedCost => Steps.Sum(s => s.EstimatedCost);

    /// <summary>The sum of the steps' estimated durations, in seconds.</summary>
    public double EstimatedSeconds => Steps.Sum(s => s.EstimatedSeconds);

    /// <summary>How many distinct names the steps publish: what a run's variables are sized for. Counted once per plan.</summary>
    internal int PublishedNameCount
    {
        get
        {
            if (_publishedNameCount >= 0) return _publishedNameCount;
            var names = new HashSet<string>(StringComparer.Ordinal);
            foreach (var step in Steps)
            {
                foreach (var output in step.Outputs) names.Add(output.Name);
            }
            return _publishedNameCount = names.Count;
        }
    }

    private int _publishedNameCount = -1;

    /// <summary>The names of the signals the workflow's steps can wait for (<see cref="StepPlan.Signals"/>), in plan order, each once.</summary>
    public IReadOnlyList<string> SignalNames() =>
        Steps.SelectMany(s => s.Signals ?? []).Select(s => s.Name).Distinct(StringComparer.Ordinal).ToList();
}

/// <summary>An initial variable of a workflow (a <see cref="VariableAttribute"/> property).</summary>
public sealed class VariablePlan
{
    /// <summary>The variable name (snake_case).</summary>
    public required string Name { get; init; }

    /// <summary>The C# type, as written in source (e.g. <c>string</c>, <c>List&lt;Incident&gt;</c>).</summary>
    public string TypeName { get; init; } = "string";

    /// <summary>Whether the value is secret (written as <c>***</c>).</summary>
    public bool IsSecret { get; init; }

    /// <summary>Whether the variable must be given when a run starts.</summary>
    public bool IsRequired { get; init; }
}

/// <summary>One step of a <see cref="WorkflowPlan"/> (a <c>### Step N: Name</c> block of <c>execution_state.md</c>).</summary>
public sealed class StepPlan
{
    /// <summary>The position, starting at 1.</summary>
    public required int Order { get; init; }

    /// <summary>The step name used in the plan and log lines, e.g. <c>list-incidents</c>.</summary>
    public required string Name { get; init; }

    /// <summary>The component id (<c>component</c>).</summary>
    public string Component { get; init; } = "";

    /// <summary>The tool used in EXECUTION mode (<c>tool_mapping</c>).</summary>
    public string ToolMapping { get; init; } = "";

    /// <summary>The inputs with the references they were declared with (<c>inputs</c>).</summary>
    public IReadOnlyList<StepInputPlan> Inputs { get; init; } = [];

    /// <summary>The outputs the step publishes (<c>expected_outputs</c>).</summary>
    public IReadOnlyList<StepOutputPlan> Outputs { get; init; } = [];

    /// <summary>Estimated cost in dollars (<c>estimated_cost</c>).</summary>
    public decimal EstimatedCost { get; init; }

    /// <summary>Estimated duration in seconds (<c>estimated_time</c>).</summary>
    public double EstimatedSeconds { get; init; }

    /// <summary>What the step changes outside the execution (<c>side_effects</c>).</summary>
    public string SideEffects { get; init; } = "none";

    /// <summary>Whether the step implements <see cref="ISimulatedStep"/>.</summary>
    public bool HasSimulation { get; init; }

    /// <summary>
    /// Whether SIMULATION runs the step's <see cref="IStep.ExecuteAsync"/>: true for a step without
    /// <see cref="ISimulatedStep"/> that declares it changes nothing outside the execution (<c>[Step(SideEffects = "none")]</c>,
    /// written out: the default is not a declaration). Such a step is run for real, so that its real outputs, not
    /// placeholders, flow to the steps after it. The generator sets it; a hand-written plan sets it itself.
    /// </summary>
    [System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingDefault)]
    public bool RunsInSimulation { get; init; }

    /// <summary>How many attempts the step gets before the failure policy applies (at least 1).</summary>
    public int MaxAttempts { get; init; } = 1;

    /// <summary>The default of <see cref="MaxRecoveryAttempts"/>: 3.</summary>
    public const int DefaultMaxRecoveryAttempts = 3;

    /// <summary>
    /// How many times an interrupted attempt of the step is run again (at least 0; default
    /// <see cref="DefaultMaxRecoveryAttempts"/>). An attempt is interrupted when the process running it stops mid-step
    /// (killed, out of memory, <c>Environment.FailFast</c>, its PostgreSQL lease taken over); a resume records it as
    /// interrupted and runs the step again. The interrupted attempts are counted from the history, across every run,
    /// process and machine: the resume that finds one more than this fails the step instead of running it again, and the
    /// execution pauses (or fails, with <see cref="StepFailurePolicy.FailExecution"/>). A later resume runs the step again
    /// with the whole budget. Separate from <see cref="MaxAttempts"/>, which counts the attempts of one run that throw.
    /// Taken from the definition that resumes, so it is not recorded in the history's plan.
    /// </summary>
    [System.Text.Json.Serialization.JsonIgnore]
    public int MaxRecoveryAttempts { get; init; } = DefaultMaxRecoveryAttempts;

    /// <summary>
    /// The signals the step can wait for (<see cref="StepContext.WaitForSignal(string, string?)"/>), or null when none. An execution
    /// accepts only the signals its plan's steps declare.
    /// </summary>
    public IReadOnlyList<StepSignalPlan>? Signals { get; init; }
}

/// <summary>A signal a step can wait for: its name and the type of its payload.</summary>
public sealed class StepSignalPlan
{
    /// <summary>The signal's name (snake_case), e.g. <c>approval</c>.</summary>
    public required string Name { get; init; }

    /// <summary>The payload's C# type, as written in source.</summary>
    public string TypeName { get; init; } = "string";
}

/// <summary>An input of a step: the parameter name and the reference it is bound from.</summary>
public sealed class StepInputPlan
{
    /// <summary>The input's name (snake_case of the property).</summary>
    public required string Name { get; init; }

    /// <summary>The declared value: <c>{{variable}}</c> or a template such as <c>workspace/{{integration}}/out.txt</c>.</summary>
    public required string Reference { get; init; }

    /// <summary>The C# type, as written in source.</summary>
    public string TypeName { get; init; } = "string";

    /// <summary>Whether the value is secret.</summary>
    public bool IsSecret { get; init; }

    // Parsed once per plan, not at every attempt (Reference is init-only, so it cannot go stale).
    private TemplateParseResult? _parsedReference;

    internal TemplateParseResult ParsedReference => _parsedReference ??= TemplateParser.Parse(Reference);
}

/// <summary>An output of a step: the variable it publishes.</summary>
public sealed class StepOutputPlan
{
    /// <summary>The variable name the output is published as.</summary>
    public required string Name { get; init; }

    /// <summary>The C# type, as written in source.</summary>
    public string TypeName { get; init; } = "string";

    /// <summary>What the output is.</summary>
    public string Description { get; init; } = "";

    /// <summary>Whether the value is secret.</summary>
    public bool IsSecret { get; init; }
}
