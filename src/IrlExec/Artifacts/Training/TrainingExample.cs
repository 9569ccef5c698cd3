namespace IrlExec;

/// <summary>
/// One line of the training data JSONL export: what one EXECUTION-mode execution teaches — its goal, plan with estimated
/// against actual cost and time per step, conversation trace, tool calls, state transitions and performance metrics.
/// </summary>
public sealed class TrainingExample
{
    /// <summary>The execution id.</summary>
    public string ExecutionId { get; set; } = "";

    /// <summary>The workflow name.</summary>
    public string Workflow { get; set; } = "";

    /// <summary>The goal.</summary>
    public string Goal { get; set; } = "";

    /// <summary>The final (or current) status.</summary>
    public ExecutionStatus Status { get; set; }

    /// <summary>When the execution started (UTC).</summary>
    public DateTimeOffset StartTime { get; set; }

    /// <summary>When it last changed (UTC).</summary>
    public DateTimeOffset LastUpdated { get; set; }

    /// <summary>Each planned step, with its estimates and what it actually cost and took.</summary>
    public List<TrainingStep> Steps { get; set; } = [];

    /// <summary><c>conversation_trace</c>.</summary>
    public List<ConversationMessage> ConversationTrace { get; set; } = [];

    /// <summary><c>tool_calls</c>.</summary>
    public List<ToolCallRecord> ToolCalls { get; set; } = [];

    /// <summary><c>state_transitions</c>.</summary>
    public List<StateTransitionRecord> StateTransitions { get; set; } = [];

    /// <summary><c>performance_metrics</c>: estimated against actual cost and time, success rate.</summary>
    public PerformanceMetrics PerformanceMetrics { get; set; } = new();
}

/// <summary>One step of a <see cref="TrainingExample"/>.</summary>
public sealed class TrainingStep
{
    /// <summary>The step's order.</summary>
    public int Order { get; set; }

    /// <summary>The step's name.</summary>
    public string Name { get; set; } = "";

    /// <summary>The component.</summary>
    public string Component { get; set; } = "";

    /// <summary>The tool.</summary>
    public string ToolMapping { get; set; } = "";

    /// <summary>The final step status.</summary>
    public StepStatus Status { get; set; }

    /// <summary>How many attempts it took.</summary>
    public int Attempts { get; set; }

    /// <summary>The estimated cost in dollars.</summary>
    public decimal EstimatedCost { get; set; }

    /// <summary>The actual cost of all its attempts, in dollars.</summary>
    public decimal ActualCost { get; set; }

    /// <summary>The estimated duration in seconds.</summary>
    public double EstimatedSeconds { get; set; }

    /// <summary>The actual duration of all its attempts, in seconds.</summary>
    public double ActualSeconds { get; set; }

    /// <summary>The inputs as bound in the last attempt (secrets as <c>***</c>).</summary>
    public List<NamedValue> Inputs { get; set; } = [];

    /// <summary>The outputs published (secrets as <c>***</c>).</summary>
    public List<NamedValue> Outputs { get; set; } = [];

    /// <summary>The errors of failed attempts.</summary>
    public List<string> Errors { get; set; } = [];
}
