namespace IrlExec;

/// <summary>What happens to the execution when a step attempt fails and has no attempts left.</summary>
public enum StepFailurePolicy
{
    /// <summary>The execution pauses (PAUSED) and can be resumed once the cause is fixed. The default.</summary>
    PauseExecution = 0,

    /// <summary>The execution ends as COMPLETED_FAILURE.</summary>
    FailExecution = 1,
}

/// <summary>Options for one run or resume.</summary>
public sealed class RunOptions
{
    /// <summary>Who runs it, shown in the manifest's Agent/User column (e.g. <c>human:samson</c>, <c>agent-auto-approver</c>).</summary>
    public string Actor { get; init; } = Environment.UserName is { Length: > 0 } user ? "human:" + user : "unknown";

    /// <summary>What a step failure does once its attempts are used up. Default: pause.</summary>
    public StepFailurePolicy OnStepFailure { get; init; } = StepFailurePolicy.PauseExecution;

    /// <summary>The wait between attempts of a failing step; doubled after each attempt. Default: none.</summary>
    public TimeSpan RetryDelay { get; init; } = TimeSpan.Zero;

    /// <summary>Overrides every step's <see cref="StepPlan.MaxAttempts"/> when set.</summary>
    public int? MaxAttempts { get; init; }

    /// <summary>
    /// Overrides every step's <see cref="StepPlan.MaxRecoveryAttempts"/> when set: how many times a resume runs a step
    /// again after its attempt was interrupted by the process stopping (counted from the history, across processes).
    /// </summary>
    public int? MaxRecoveryAttempts { get; init; }

    /// <summary>An explicit id for a new execution (must be file-safe); by default one is generated.</summary>
    public string? ExecutionId { get; init; }

    /// <summary>
    /// On resume, an explicit migration for a definition whose <see cref="WorkflowPlan.Version"/> is higher than the one
    /// the execution recorded: it runs instead of refusing an incompatible change (see docs/versioning.md). Takes
    /// precedence over the definition's declared hook (<see cref="WorkflowDefinition.Migration"/>).
    /// </summary>
    public PlanMigration? Migration { get; init; }

    /// <summary>
    /// Whether every commit waits until every view (<c>execution_state.md</c>, the JSON snapshot, the log, your own
    /// observers) shows it. False, the default: a step's commit returns once its records are in the history, and the
    /// views catch up in the background, in order, several steps at once when they fall behind (the run's start and
    /// resume too); a commit that stops the run (pause, completion, failure) still waits for them, so a stopped or
    /// finished execution's views are exact when the run returns. True: when a step returns, its views already show it,
    /// at the cost of writing them on every step's commit path (see docs/storage.md, "When views are updated").
    /// </summary>
    public bool WaitForViews { get; init; }

    /// <summary>
    /// A graceful stop: once it is cancelled, the run starts no further step attempt: the execution pauses before its next
    /// step (reason <c>cancelled: ...</c>), resumable; the attempt running then is not interrupted (the run's own
    /// <see cref="CancellationToken"/> does that). A hosted worker sets it when its host shuts down.
    /// </summary>
    public CancellationToken StopRequested { get; init; }

    /// <summary>
    /// Called with the new execution's id once it is created and on disk (its first records flushed: its creation with
    /// its first step's start, in one commit), before its first step runs (<c>RunAsync</c>, <c>SimulateAsync</c>); by a
    /// resume, once it has recorded <c>RESUMED</c>.
    /// </summary>
    public Action<string>? OnStarted { get; init; }

    /// <summary>
    /// Makes the services of one step attempt (<see cref="StepContext.Services"/>, and the <see cref="ServiceAttribute"/>
    /// properties the generated binding sets): called at most once per attempt, when the attempt first asks for a service;
    /// the scope is disposed when the attempt ends (completed, failed, paused or cancelled), so a scoped service is new
    /// for every attempt, a retry included. Null, the default: steps have no services (<see cref="StepContext.Services"/>
    /// is null). The runs of IrlExec.Hosting's <c>AddIrlExec</c> get a DI scope per attempt unless this is set.
    /// </summary>
    public Func<StepServiceScope>? StepServices { get; init; }

    /// <summary>
    /// The lowest level of the lines a step writes (<see cref="StepContext.Log(ExecutionLogLevel, string)"/>, generated log
    /// methods): lines below it are not written anywhere, and a generated log method formats nothing for them
    /// (<see cref="StepContext.IsEnabled"/>). The runner's own lines (steps started, completed, failed, status changes)
    /// are always written. Default: <see cref="ExecutionLogLevel.Debug"/>, every line.
    /// </summary>
    public ExecutionLogLevel MinimumLogLevel { get; init; } = ExecutionLogLevel.Debug;

    /// <summary>
    /// For a resume: a check of the execution as its history stands once the runner holds its lease, before anything is
    /// recorded. When it returns false, <see cref="WorkflowRunner.ResumeAsync"/> records and runs nothing (and throws
    /// nothing for a finished execution) and returns that state with <see cref="ExecutionResult.Declined"/> set. A
    /// scheduler that decided to resume from an earlier read (a timer it saw due, a run it saw left behind) passes the same
    /// rule here: another process may have acted on the execution between that read and the lease, and a decision made
    /// stale is then not acted on. Null (the default): every resume goes on. Not used by a run that starts an execution.
    /// </summary>
    public Func<ExecutionState, CancellationToken, ValueTask<bool>>? ResumeIf { get; init; }

    /// <summary>The defaults.</summary>
    public static RunOptions Default { get; } = new();
}
