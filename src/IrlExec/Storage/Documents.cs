namespace IrlExec;

/// <summary>The outcome of an execution, as written to <c>execution/results/</c>.</summary>
public sealed class ExecutionResultDocument
{
    /// <summary>When the execution ended (UTC).</summary>
    public DateTimeOffset Timestamp { get; set; }

    /// <summary>The execution id.</summary>
    public string ExecutionId { get; set; } = "";

    /// <summary>The workflow name.</summary>
    public string Workflow { get; set; } = "";

    /// <summary>The final status.</summary>
    public ExecutionStatus Status { get; set; }

    /// <summary>SIMULATION or EXECUTION.</summary>
    public ExecutionMode Mode { get; set; }

    /// <summary>Why it failed, when it did.</summary>
    public string? Reason { get; set; }

    /// <summary>The run label (also the log file's name).</summary>
    public string RunLabel { get; set; } = "";

    /// <summary>Estimated against actual cost and time.</summary>
    public PerformanceMetrics Metrics { get; set; } = new();

    /// <summary>The final variables (secrets as <c>"***"</c>), as JSON text by name.</summary>
    public Dictionary<string, System.Text.Json.JsonElement> Variables { get; set; } = [];
}

/// <summary>The list of executions that run now or wait to be resumed: <c>execution/active/workflows.json</c>.</summary>
public sealed class ActiveWorkflowsDocument
{
    /// <summary>When the list last changed (UTC).</summary>
    public DateTimeOffset LastUpdated { get; set; }

    /// <summary>One entry per execution that is not finished.</summary>
    public List<ActiveWorkflowEntry> Workflows { get; set; } = [];
}

/// <summary>One execution that is not finished.</summary>
public sealed class ActiveWorkflowEntry
{
    /// <summary>The execution id.</summary>
    public string ExecutionId { get; set; } = "";

    /// <summary>The workflow name.</summary>
    public string Workflow { get; set; } = "";

    /// <summary>When it started (UTC).</summary>
    public DateTimeOffset Started { get; set; }

    /// <summary>Its status.</summary>
    public ExecutionStatus Status { get; set; }

    /// <summary>
    /// The step the execution was at when its status last changed: where a paused execution stopped. The list is not
    /// rewritten at every step; the history and <c>execution_state.md</c> show the step running now.
    /// </summary>
    public int CurrentStep { get; set; }

    /// <summary>SIMULATION or EXECUTION.</summary>
    public ExecutionMode Mode { get; set; }

    /// <summary>The log file, relative to <c>execution/</c> (e.g. <c>logs/deploy-2026-02-08-001.log</c>).</summary>
    public string LogFile { get; set; } = "";

    /// <summary>Who runs it (<see cref="RunOptions.Actor"/>).</summary>
    public string Actor { get; set; } = "";

    /// <summary>The id of the process running it, when one is.</summary>
    public int? ProcessId { get; set; }
}
