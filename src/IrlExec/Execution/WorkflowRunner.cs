using System.Diagnostics;

namespace IrlExec;

/// <summary>
/// The engine: runs, simulates and resumes executions of a <see cref="WorkflowDefinition"/>. Every change is recorded
/// in the execution's append-only history in the <see cref="IExecutionStore"/> (a step's completion is on disk before
/// the next step starts), then shown to the <see cref="IExecutionObserver"/>s that write the human-readable files.
/// </summary>
public sealed class WorkflowRunner
{
    private readonly List<IExecutionObserver> _observers;
    private readonly TimeProvider _time;
    private int _rootOpened;

    /// <summary>Creates a runner over <paramref name="store"/>.</summary>
    public WorkflowRunner(IExecutionStore store, IEnumerable<IExecutionObserver>? observers = null, TimeProvider? timeProvider = null)
    {
        Store = store ?? throw new ArgumentNullException(nameof(store));
        _observers = observers?.ToList() ?? [];
        _time = timeProvider ?? TimeProvider.System;
    }

    /// <summary>A runner that keeps everything under <paramref name="root"/> in the seed's layout (see <see cref="ExecutionLayout"/>).</summary>
    /// <param name="root">The root folder.</param>
    /// <param name="timeProvider">The clock; the system clock when null.</param>
    public static WorkflowRunner ForDirectory(string root, TimeProvider? timeProvider = null) =>
        ForDirectoryWithObservers(root, [], timeProvider);

    /// <summary>Where histories are kept.</summary>
    public IExecutionStore Store { get; }

    /// <summary>
    /// Where <see cref="ResumeAsync"/> looks for an execution whose history is missing, e.g. its
    /// <c>execution_state.md</c> (what <see cref="ForDirectory"/> sets). The state it returns starts a new history
    /// (a <see cref="ExecutionEventKind.StateRestored"/> record) and the execution resumes from it. Null: nowhere.
    /// </summary>
    public Func<string, ExecutionState?>? MissingHistoryFallback { get; init; }

    /// <summary>
    /// <see cref="ForDirectory"/> with observers of your own, called after
    /// the standard writers at every commit (a progress display, metrics).
    /// </summary>
    /// <param name="root">The root folder.</param>
    /// <param name="additionalObservers">Called after the standard writers, in order.</param>
    /// <param name="timeProvider">The clock; the system clock when null.</param>
    public static WorkflowRunner ForDirectoryWithObservers(string root, IEnumerable<IExecutionObserver> additionalObservers, TimeProvider? timeProvider = null)
    {
        ArgumentNullException.ThrowIfNull(additionalObservers);
        var layout = new ExecutionLayout(root);
        return new WorkflowRunner(new FileSystemExecutionStore(layout), [.. StandardObservers.For(layout), .. additionalObservers], timeProvider)
        {
            MissingHistoryFallback = id => ExecutionStateMarkdownFallback.Find(layout, id),
            Views = new ViewRepair(layout, timeProvider),
        };
    }

    /// <summary>
    /// The repair of the standard views under the root (what <see cref="ForDirectory"/> sets; null for other stores). When
    /// set: the first run or resume of this runner rebuilds the views of finished executions that lag their histories;
    /// a resume compares the execution's views with its history first (refusing when they show more than the history
    /// holds) and rebuilds those that lag; and a run whose view failed rebuilds it before it returns.
    /// </summary>
    internal ViewRepair? Views { get; init; }

    // Once per runner, before its first run: the executions the active list still names although they finished.
    private List<ViewFinding> OpenRoot(CancellationToken cancellationToken)
    {
        if (Views is null || Interlocked.Exchange(ref _rootOpened, 1) == 1) return [];
        try
        {
            return Views.RepairListed(cancellationToken).Findings.Where(f => !f.IsWarning).ToList();
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ExecutionDataException or TimeoutException)
        {
            return [new ViewFinding("", ViewKind.ActiveList, Views.Layout.ActiveWorkflowsFile, ViewCondition.Damaged, "the views of finished executions could not be checked: " + e.Message)];
        }
    }

    // What a view comparison is worth telling in a result: damaged views set aside, views it could not rewrite, and the
    // views of other executions it rebuilt (views of the execution itself that only lagged, as after a crash, are
    // rebuilt without a word).
    private static List<ViewProblem> Problems(IEnumerable<ViewFinding> findings, string? executionId) =>
        findings.Where(f => !f.IsWarning && (!f.Repaired || f.SetAsideCopy is not null || f.ExecutionId != executionId)).Select(f => new ViewProblem(nameof(ViewRepair), f.File,
            (f.ExecutionId.Length > 0 && f.ExecutionId != executionId ? $"execution {f.ExecutionId}: " : "") + f.Message
            + (f.Repaired ? " Rebuilt from the history" + (f.SetAsideCopy is null ? "." : $"; the damaged copy is kept as {f.SetAsideCopy}.") : ""),
            f.Repaired)).ToList();

    /// <summary>Starts a new execution in EXECUTION mode and runs it until it completes, fails or pauses.</summary>
    /// <exception cref="ArgumentException">A required variable is missing, or an option is invalid.</exception>
    /// <exception cref="UnknownVariableException">The goal template names a variable that is not given.</exception>
    /// <exception cref="DiskFullException">A file of the execution could not be written for lack of space: resume the execution once space is freed.</exception>
    /// <exception cref="ExecutionExistsException"><see cref="RunOptions.ExecutionId"/> names an execution that exists.</exception>
    public Task<ExecutionResult> RunAsync(WorkflowDefinition workflow, VariableStore? variables = null, RunOptions? options = null, CancellationToken cancellationToken = default) =>
        StartAsync(workflow, ExecutionMode.Execution, variables, options ?? RunOptions.Default, cancellationToken);

    /// <summary>Starts a new execution in SIMULATION mode: no side effects, estimated costs and times.</summary>
    public Task<ExecutionResult> SimulateAsync(WorkflowDefinition workflow, VariableStore? variables = null, RunOptions? options = null, CancellationToken cancellationToken = default) =>
        StartAsync(workflow, ExecutionMode.Simulation, variables, options ?? RunOptions.Default, cancellationToken);

    /// <summary>
    /// Continues an execution that paused, failed a step, or was interrupted (process killed): from the first step not
    /// completed. <paramref name="variables"/> sets or overrides variables first (and gives back secrets, which the history never holds).
    /// </summary>
    /// <remarks>
    /// With a runner from <see cref="ForDirectory"/>, the execution's views are compared with its history first. One
    /// that lags is rebuilt (a damaged one is set aside as <c>&lt;name&gt;.damaged-&lt;time&gt;</c>); one that shows more
    /// than the history (steps completed, or an end, the history does not hold) means records are missing from the
    /// history, and the resume is refused (<see cref="ExecutionDataException"/>). A finished execution whose views
    /// lagged is not run again: its views are rebuilt and the result lists them (<see cref="ExecutionResult.RepairedViews"/>).
    /// </remarks>
    /// <exception cref="UnknownExecutionException">No such execution.</exception>
    /// <exception cref="ExecutionLeaseException">Another runner is running it.</exception>
    /// <exception cref="WorkflowException">
    /// It is finished (and its views agree with its history, and no <see cref="RunOptions.ResumeIf"/> declined it), or
    /// belongs to another workflow.
    /// </exception>
    /// <exception cref="ExecutionDataException">Its history is damaged, or has lost records that its views show.</exception>
    /// <exception cref="DiskFullException">A file of the execution could not be written for lack of space: resume again once space is freed.</exception>
    /// <exception cref="MissingSecretsException">
    /// A step still to run reads a secret that <paramref name="variables"/> does not give again (checked before anything runs).
    /// </exception>
    public async Task<ExecutionResult> ResumeAsync(WorkflowDefinition workflow, string executionId, VariableStore? variables = null, RunOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(workflow);
        PathSafety.ExecutionId(executionId);
        options ??= RunOptions.Default;
        var opened = OpenRoot(cancellationToken);
        await using var lease = await Store.AcquireLeaseAsync(executionId, cancellationToken).ConfigureAwait(false);
        var history = await Store.ReadAsync(executionId, cancellationToken).ConfigureAwait(false);
        // A stop until the resume's first commit throws (OperationCanceledException) with nothing recorded; from that commit
        // on, a stop pauses the execution (DriveAsync).
        cancellationToken.ThrowIfCancellationRequested();
        if ((history is null || history.Count == 0) && MissingHistoryFallback?.Invoke(executionId) is { } recovered)
        {
            history = await StartHistoryFromAsync(workflow, executionId, recovered, cancellationToken).ConfigureAwait(false);
        }
        if (history is null || history.Count == 0) throw new UnknownExecutionException(executionId, Describe(Store));
        var state = ExecutionStateProjector.Replay(history);
        state.ExecutionId = executionId;
        if (state.Workflow != workflow.Name)
        {
            throw new WorkflowException($"Execution '{executionId}' is a run of workflow '{state.Workflow}', not '{workflow.Name}'.");
        }
        // The caller's decision to resume, checked again on the history under the lease: nothing is recorded when it no
        // longer holds (another process acted on the execution since the caller read it).
        if (options.ResumeIf is { } resumeIf && !await resumeIf(state, cancellationToken).ConfigureAwait(false))
        {
            return new ExecutionResult(state) { Declined = true };
        }
        // The views first: a history that lost records must not be resumed, and views that lag are rebuilt.
        if (Views?.RepairHeld(executionId, history) is { } prepared) opened.AddRange(prepared.Findings);
        if (StatusTransitions.IsTerminal(state.Status))
        {
            var rebuilt = opened.Where(f => f.ExecutionId == executionId && f.Repaired).Select(f => f.File).Distinct().ToList();
            if (rebuilt.Count == 0)
            {
                throw new WorkflowException($"Execution '{executionId}' is {StatusTransitions.ToWireName(state.Status)}: a finished execution's history is immutable, and its views agree with it. Start a new run instead.");
            }
            return new ExecutionResult(state) { RepairedViews = rebuilt, ViewProblems = Problems(opened, executionId) };
        }

        // A changed definition is checked before anything is recorded: a refused resume leaves the history untouched.
        var migration = CheckPlan(workflow, executionId, history, state, options);
        cancellationToken.ThrowIfCancellationRequested();

        var viewState = _observers.Count == 0 ? new ExecutionState() : ExecutionStateProjector.Replay(history);
        viewState.ExecutionId = executionId;
        var replayed = history.Count; // the records viewState was made of (a store's list is not assumed to stay as it is)
        var session = new ExecutionSession(workflow, state, viewState, history[^1].Sequence, Store, _observers, options.WaitForViews, _time, () =>
        {
            var copy = new ExecutionState();
            for (var i = 0; i < replayed; i++) ExecutionStateProjector.Apply(copy, history[i]);
            copy.ExecutionId = executionId;
            return copy;
        }) { MinimumLogLevel = options.MinimumLogLevel };
        foreach (var variable in state.Variables)
        {
            if (variable.IsSecret) session.Variables.MarkWithheldSecret(variable.Name);
            else session.Variables.SetJson(variable.Name, variable.Json);
        }

        // A process that died mid-run left the execution IN_PROGRESS/RESUMED and maybe a step RUNNING: record that first.
        // A step interrupted more often than its MaxRecoveryAttempts (counted in the history, across processes) is not
        // run again: it fails, and the execution pauses or fails as for any step failure.
        string? exhausted = null;
        foreach (var step in state.Steps.Where(s => s.Status == StepStatus.Running).ToList())
        {
            var interrupted = InterruptedAttempts.Count(history, step.Order) + 1;
            var budget = MaxRecoveryAttempts(workflow, step.Order, options);
            var message = interrupted > budget ? InterruptedAttempts.Exhausted(interrupted, budget) : InterruptedAttempts.Message;
            session.Record(new ExecutionEvent { Kind = ExecutionEventKind.StepFailed, Step = step.Order, Attempt = step.Attempts, Message = message });
            if (interrupted > budget) exhausted ??= $"step {step.Order} ({step.Name}) failed: {message}";
        }
        if (exhausted is not null)
        {
            if (options.OnStepFailure == StepFailurePolicy.FailExecution) session.Execution.Fail(exhausted);
            else if (state.Status != ExecutionStatus.Paused) session.Execution.Pause(exhausted);
        }
        else if (state.Status is ExecutionStatus.InProgress or ExecutionStatus.Resumed)
        {
            session.Execution.Pause("interrupted: the process stopped while the execution was running");
        }
        SetVariables(session, variables);
        if (migration is not null) Migrate(session, migration);
        if (exhausted is not null)
        {
            // Nothing runs: the failure is committed (with the variables given, for the resume that follows the fix).
            var stopped = RunTelemetry.Start("resume", workflow.Name, executionId, state.Mode, history.FirstOrDefault(r => r.Kind == ExecutionEventKind.ExecutionCreated)?.TraceParent);
            return await CommitAndDriveAsync(session, options, stopped, opened, cancellationToken, drive: false).ConfigureAwait(false);
        }
        // Refused here, the resume has recorded nothing: the records above are dropped with the session.
        RequireSecrets(session, state);
        if (session.Execution.Status == ExecutionStatus.Planning) session.Execution.TransitionTo(ExecutionStatus.InProgress);
        else session.Execution.Resume();
        var created = history.FirstOrDefault(r => r.Kind == ExecutionEventKind.ExecutionCreated);
        var telemetry = RunTelemetry.Start("resume", workflow.Name, executionId, state.Mode, created?.TraceParent);
        return await CommitAndDriveAsync(session, options, telemetry, opened, cancellationToken).ConfigureAwait(false);
    }

    // The interrupted attempts a step may have before it fails instead of running again: the run's option, else the step's.
    private static int MaxRecoveryAttempts(WorkflowDefinition workflow, int order, RunOptions options)
    {
        if (options.MaxRecoveryAttempts is { } given) return Math.Max(0, given);
        foreach (var step in workflow.Steps)
        {
            if (step.Plan.Order == order) return Math.Max(0, step.Plan.MaxRecoveryAttempts);
        }
        return StepPlan.DefaultMaxRecoveryAttempts;
    }

    // Every secret a step still to run reads through its inputs must be set (given again: the history never holds one),
    // unless an earlier step still to run publishes it.
    private static void RequireSecrets(ExecutionSession session, ExecutionState state)
    {
        var plan = session.Definition.Plan;
        var secrets = new HashSet<string>(StringComparer.Ordinal);
        foreach (var variable in state.Variables) if (variable.IsSecret) secrets.Add(variable.Name);
        foreach (var variable in plan.Variables) if (variable.IsSecret) secrets.Add(variable.Name);
        foreach (var step in plan.Steps) foreach (var output in step.Outputs) if (output.IsSecret) secrets.Add(output.Name);
        if (secrets.Count == 0) return;
        var published = new HashSet<string>(StringComparer.Ordinal);
        var missing = new List<(string Name, List<int> Steps)>();
        foreach (var definition in session.Definition.Steps)
        {
            var step = definition.Plan;
            if (state.FindStep(step.Order) is { Status: StepStatus.Completed }) continue;
            foreach (var input in step.Inputs)
            {
                foreach (var name in TemplateParser.ReferencedNames(input.Reference))
                {
                    if (!secrets.Contains(name) || published.Contains(name) || session.Variables.Contains(name)) continue;
                    var entry = missing.FindIndex(m => m.Name == name);
                    if (entry < 0) missing.Add((name, [step.Order]));
                    else if (!missing[entry].Steps.Contains(step.Order)) missing[entry].Steps.Add(step.Order);
                }
            }
            foreach (var output in step.Outputs) published.Add(output.Name);
        }
        if (missing.Count > 0) throw new MissingSecretsException(state.ExecutionId, missing.Select(m => (m.Name, (IReadOnlyList<int>)m.Steps)).ToList());
    }



    // A state read from elsewhere (the markdown) becomes the first record of a new history, so that from here on the
    // history is the record again. A hand-written file may lack IrlExec's own fields: they are filled in here.
    private async Task<IReadOnlyList<ExecutionEvent>> StartHistoryFromAsync(WorkflowDefinition workflow, string executionId, ExecutionState recovered, CancellationToken cancellationToken)
    {
        if (recovered.ExecutionId != executionId)
        {
            throw new WorkflowException($"The state found for execution '{executionId}' belongs to execution '{recovered.ExecutionId}'.");
        }
        if (recovered.Workflow.Length == 0) recovered.Workflow = workflow.Name;
        if (recovered.Workflow == workflow.Name)
        {
            var missing = workflow.Steps.Select(s => s.Plan.Order).Where(order => recovered.FindStep(order) is null).ToList();
            if (missing.Count > 0)
            {
                throw new WorkflowException($"The state found for execution '{executionId}' does not plan step(s) {string.Join(", ", missing)} of workflow '{workflow.Name}'; it cannot be resumed with this definition.");
            }
        }
        if (recovered.RunLabel.Length == 0) recovered.RunLabel = await Store.ReserveRunLabelAsync(workflow.Name, _time.GetUtcNow(), cancellationToken).ConfigureAwait(false);
        IReadOnlyList<ExecutionEvent> history = [ExecutionStateProjector.Restored(recovered)];
        // Not cancelled (a commit never is): the state it copies stays as it was, and the resume sees a stop before any step.
        await Store.AppendAsync(executionId, history, flushToDisk: true, CancellationToken.None).ConfigureAwait(false);
        return history;
    }

    /// <summary>
    /// Delivers the signal <paramref name="name"/> to an execution, with <paramref name="json"/> as its payload. The signal
    /// is kept durably at once; it is recorded in the history now when nobody runs the execution (then the views show it
    /// when this returns), or by the runner that runs it, before the next step that takes signals. A step waiting for it
    /// sees it at its next attempt: a hosted worker resumes the execution, or a resume does. A signal sent before its
    /// step waits is kept for it.
    /// </summary>
    /// <returns>Whether the signal is in the history already, or waits for the execution's runner to record it.</returns>
    /// <exception cref="UnknownExecutionException">No such execution.</exception>
    /// <exception cref="UnknownSignalException">No step of the execution's plan takes that signal.</exception>
    /// <exception cref="WorkflowException">The execution is finished, or the payload is not JSON.</exception>
    public async Task<SignalDelivery> SignalAsync(string executionId, string name, string? json = null, string? sender = null, CancellationToken cancellationToken = default)
    {
        PathSafety.ExecutionId(executionId);
        ArgumentException.ThrowIfNullOrEmpty(name);
        json = string.IsNullOrWhiteSpace(json) ? "null" : json.Trim();
        try
        {
            using var _ = System.Text.Json.JsonDocument.Parse(json);
        }
        catch (System.Text.Json.JsonException e)
        {
            throw new WorkflowException($"The payload of signal '{name}' is not JSON: {e.Message}", e);
        }
        var history = await Store.ReadAsync(executionId, cancellationToken).ConfigureAwait(false);
        if (history is null || history.Count == 0) throw new UnknownExecutionException(executionId, Describe(Store));
        var state = ExecutionStateProjector.Replay(history);
        state.ExecutionId = executionId;
        if (StatusTransitions.IsTerminal(state.Status))
        {
            throw new WorkflowException($"Execution '{executionId}' is {StatusTransitions.ToWireName(state.Status)}: a finished execution takes no signal.");
        }
        var accepted = PlanComparison.Recorded(history, state).SignalNames();
        if (!accepted.Contains(name, StringComparer.Ordinal)) throw new UnknownSignalException(executionId, name, accepted);

        // Credential-looking text is masked before the signal is kept (the inbox row or file is written by IrlExec too); the
        // history would record it masked anyway, so the step reads the same payload.
        var signal = new PendingSignal
        {
            Id = Guid.NewGuid().ToString("N"), Name = name, Json = SecretRedactor.Redact(json), Sender = sender is null ? null : SecretRedactor.Redact(sender), SentAt = _time.GetUtcNow(),
        };
        await Store.PostSignalAsync(executionId, signal, cancellationToken).ConfigureAwait(false);
        IAsyncDisposable lease;
        try
        {
            lease = await Store.AcquireLeaseAsync(executionId, cancellationToken).ConfigureAwait(false);
        }
        catch (ExecutionLeaseException)
        {
            return SignalDelivery.Queued; // its runner records it
        }
        await using (lease.ConfigureAwait(false))
        {
            await RecordPostedSignalsAsync(executionId, cancellationToken).ConfigureAwait(false);
        }
        return SignalDelivery.Recorded;
    }

    /// <summary>
    /// Ends an execution that nobody runs (paused, or interrupted by a crash) as COMPLETED_FAILURE with
    /// <paramref name="reason"/>: it is never resumed, woken or recovered after this. To stop a running execution, cancel
    /// its run's token first (it then pauses).
    /// </summary>
    /// <exception cref="UnknownExecutionException">No such execution.</exception>
    /// <exception cref="ExecutionLeaseException">A runner is running it.</exception>
    /// <exception cref="WorkflowException">It is finished already.</exception>
    public async Task<ExecutionState> CancelAsync(string executionId, string reason, CancellationToken cancellationToken = default)
    {
        PathSafety.ExecutionId(executionId);
        ArgumentException.ThrowIfNullOrWhiteSpace(reason);
        await using var lease = await Store.AcquireLeaseAsync(executionId, cancellationToken).ConfigureAwait(false);
        var history = await Store.ReadAsync(executionId, cancellationToken).ConfigureAwait(false);
        if (history is null || history.Count == 0) throw new UnknownExecutionException(executionId, Describe(Store));
        var state = ExecutionStateProjector.Replay(history);
        state.ExecutionId = executionId;
        if (StatusTransitions.IsTerminal(state.Status))
        {
            throw new WorkflowException($"Execution '{executionId}' is {StatusTransitions.ToWireName(state.Status)} already: a finished execution's history is immutable.");
        }
        var records = new List<ExecutionEvent>();
        var sequence = history[^1].Sequence;
        var now = _time.GetUtcNow();
        foreach (var step in state.Steps.Where(s => s.Status == StepStatus.Running))
        {
            records.Add(new ExecutionEvent { Sequence = ++sequence, Timestamp = now, Kind = ExecutionEventKind.StepFailed, Step = step.Order, Attempt = step.Attempts, Message = InterruptedAttempts.Message });
        }
        records.Add(new ExecutionEvent { Sequence = ++sequence, Timestamp = now, Kind = ExecutionEventKind.StatusChanged, FromStatus = state.Status, Status = ExecutionStatus.CompletedFailure, Message = SecretRedactor.Redact(reason) });
        // Not cancelled (no append is): a cancellation during it would leave the caller not knowing whether it ended.
        await Store.AppendAsync(executionId, records, flushToDisk: true, CancellationToken.None).ConfigureAwait(false);
        foreach (var record in records) ExecutionStateProjector.Apply(state, record);
        foreach (var observer in _observers) await observer.OnCommittedAsync(state, records, CancellationToken.None).ConfigureAwait(false);
        return state;
    }

    /// <summary>
    /// Records the signals posted to an execution that nobody runs, and shows them to the views. The caller holds the
    /// lease. Returns the execution's state after them (null when the execution is unknown).
    /// </summary>
    internal async Task<ExecutionState?> RecordPostedSignalsAsync(string executionId, CancellationToken cancellationToken)
    {
        var pending = await Store.ReadPendingSignalsAsync(executionId, cancellationToken).ConfigureAwait(false);
        var history = await Store.ReadAsync(executionId, cancellationToken).ConfigureAwait(false);
        if (history is null || history.Count == 0) return null;
        var state = ExecutionStateProjector.Replay(history);
        state.ExecutionId = executionId;
        if (pending.Count == 0) return state;
        var records = new List<ExecutionEvent>();
        var sequence = history[^1].Sequence;
        foreach (var signal in pending)
        {
            if (state.Signals.Any(s => s.Id == signal.Id) || records.Any(r => r.SignalId == signal.Id)) continue;
            records.Add(new ExecutionEvent
            {
                Sequence = ++sequence, Timestamp = _time.GetUtcNow(), Kind = ExecutionEventKind.SignalReceived,
                Name = signal.Name, Value = SecretRedactor.Redact(signal.Json), SignalId = signal.Id, Actor = signal.Sender,
            });
        }
        if (records.Count > 0)
        {
            await Store.AppendAsync(executionId, records, flushToDisk: true, CancellationToken.None).ConfigureAwait(false);
            foreach (var record in records) ExecutionStateProjector.Apply(state, record);
            foreach (var observer in _observers) await observer.OnCommittedAsync(state, records, CancellationToken.None).ConfigureAwait(false);
        }
        await Store.RemovePendingSignalsAsync(executionId, pending, CancellationToken.None).ConfigureAwait(false);
        return state;
    }

    /// <summary>Rebuilds an execution's state from its history, or returns null when the execution is unknown.</summary>
    public async Task<ExecutionState?> GetStateAsync(string executionId, CancellationToken cancellationToken = default)
    {
        var history = await Store.ReadAsync(PathSafety.ExecutionId(executionId), cancellationToken).ConfigureAwait(false);
        if (history is null || history.Count == 0) return null;
        var state = ExecutionStateProjector.Replay(history);
        state.ExecutionId = executionId;
        return state;
    }

    /// <summary>
    /// The typed view of an execution (a generated workflow's <c>State</c>, e.g.
    /// <c>GetStateAsync&lt;IncidentApproval.State&gt;(id)</c>), rebuilt from its history, or null when the execution is unknown.
    /// </summary>
    /// <exception cref="WorkflowException">The execution runs another workflow, or a value cannot be read as its declared type.</exception>
    public async Task<TState?> GetStateAsync<TState>(string executionId, CancellationToken cancellationToken = default)
        where TState : class, IWorkflowState<TState>
    {
        var state = await GetStateAsync(executionId, cancellationToken).ConfigureAwait(false);
        return state is null ? null : TState.From(state);
    }

    private async Task<ExecutionResult> StartAsync(WorkflowDefinition workflow, ExecutionMode mode, VariableStore? variables, RunOptions options, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(workflow);
        variables ??= new VariableStore();
        var missing = workflow.Plan.Variables.Where(v => v.IsRequired && !variables.Contains(v.Name)).Select(v => v.Name).ToList();
        if (missing.Count > 0)
        {
            throw new ArgumentException($"Workflow '{workflow.Name}' needs the variable(s) {string.Join(", ", missing.Select(m => "'" + m + "'"))} to start.", nameof(variables));
        }
        var goal = string.IsNullOrEmpty(workflow.Plan.Goal) ? workflow.Name : variables.Render(workflow.Plan.Goal);
        RunTrace.Mark("run>");
        var opened = OpenRoot(cancellationToken);
        RunTrace.Mark("root opened");
        var now = _time.GetUtcNow();
        var executionId = PathSafety.ExecutionId(options.ExecutionId ?? ExecutionIds.New(now));

        // The lease, the check that the id is new and the run label: one round trip on a database store. A stop until the
        // run holds them throws (OperationCanceledException) with nothing recorded: the execution does not exist. From
        // here on a stop is seen by the drive (before step 1, or by step 1's start), and the execution is created PAUSED.
        cancellationToken.ThrowIfCancellationRequested();
        var beginning = await Store.BeginExecutionAsync(executionId, workflow.Name, now, cancellationToken).ConfigureAwait(false);
        RunTrace.Mark("begun");
        await using var lease = beginning.Lease;
        cancellationToken.ThrowIfCancellationRequested();
        var runLabel = beginning.RunLabel;
        var state = new ExecutionState { ExecutionId = executionId, Mode = mode };
        var viewState = new ExecutionState { ExecutionId = executionId, Mode = mode };
        var session = new ExecutionSession(workflow, state, viewState, 0, Store, _observers, options.WaitForViews, _time, () => new ExecutionState { ExecutionId = executionId, Mode = mode }) { MinimumLogLevel = options.MinimumLogLevel };
        foreach (var pair in variables.Slots) session.Variables.SetSlot(pair.Key, pair.Value);

        var telemetry = RunTelemetry.Start(mode == ExecutionMode.Simulation ? "simulate" : "run", workflow.Name, executionId, mode, linkTo: null);
        session.Record(new ExecutionEvent
        {
            Kind = ExecutionEventKind.ExecutionCreated,
            ExecutionId = executionId,
            Workflow = workflow.Name,
            Goal = session.Redact(goal),
            Mode = mode,
            RunLabel = runLabel,
            Actor = options.Actor,
            PlanFingerprint = workflow.Plan.Fingerprint,
            PlanVersion = workflow.Plan.Version,
            PlanShape = workflow.Plan,
            TraceParent = telemetry.TraceParent,
        });
        foreach (var pair in session.Variables.Slots) RecordVariable(session, pair.Key, pair.Value);
        session.Execution.TransitionTo(ExecutionStatus.InProgress);
        RunTrace.Mark("creation recorded");
        return await CommitAndDriveAsync(session, options, telemetry, opened, cancellationToken, newExecution: true).ConfigureAwait(false);
    }

    // Hook: the explicit migration to run (the resume's own, else the definition's), null for a compatible change.
    private sealed record PendingMigration(WorkflowPlan Recorded, List<string> Changes, PlanMigration? Hook)
    {
        public bool IsExplicit => Hook is not null;
    }

    // Null when the definition is the one the execution recorded; otherwise the accepted change, or a refusal.
    private static PendingMigration? CheckPlan(WorkflowDefinition workflow, string executionId, IReadOnlyList<ExecutionEvent> history, ExecutionState state, RunOptions options)
    {
        if (state.PlanFingerprint.Length == 0 || state.PlanFingerprint == workflow.Plan.Fingerprint) return null;
        var recorded = PlanComparison.Recorded(history, state);
        var found = PlanComparison.Compare(recorded, workflow.Plan);
        var changes = found.Select(c => c.Description).ToList();
        if (state.PlanVersion != workflow.Plan.Version) changes.Insert(0, $"version {state.PlanVersion} → {workflow.Plan.Version}");
        var hook = workflow.Plan.Version > state.PlanVersion ? options.Migration ?? workflow.Migration : null;
        var blockers = PlanComparison.Blockers(recorded, workflow.Plan, state, found);
        if (blockers.Count > 0 && hook is null)
        {
            throw new IncompatiblePlanException(executionId, workflow.Name, state.PlanFingerprint, workflow.Plan.Fingerprint, changes, blockers);
        }
        return new PendingMigration(recorded, changes, hook);
    }

    // Records the switch to the new plan (history and log); an explicit migration first maps the variables.
    private static void Migrate(ExecutionSession session, PendingMigration migration)
    {
        var plan = session.Definition.Plan;
        if (migration.IsExplicit)
        {
            var before = session.Variables.Slots.ToDictionary(p => p.Key, p => p.Value.ToJson(), StringComparer.Ordinal);
            migration.Hook!(new PlanMigrationContext(session.State.ExecutionId, migration.Recorded, plan, migration.Changes, session.Variables));
            foreach (var pair in session.Variables.Slots.ToList())
            {
                if (!before.TryGetValue(pair.Key, out var json) || json != pair.Value.ToJson()) RecordVariable(session, pair.Key, pair.Value);
            }
        }
        var summary = (migration.IsExplicit
                ? $"explicit migration from version {migration.Recorded.Version} to {plan.Version}"
                : "compatible change of definition")
            + $" (plan fingerprint {session.State.PlanFingerprint} → {plan.Fingerprint}): " + string.Join("; ", migration.Changes);
        session.Record(new ExecutionEvent
        {
            Kind = ExecutionEventKind.PlanMigrated,
            PlanFingerprint = plan.Fingerprint,
            PlanVersion = plan.Version,
            PlanShape = plan,
            Changes = migration.Changes.Select(session.Redact).ToList(),
            ExplicitMigration = migration.IsExplicit,
            Message = session.Redact(summary),
        });
        session.Record(new ExecutionEvent { Kind = ExecutionEventKind.LogWritten, Level = ExecutionLogLevel.Info, Message = session.Redact("Plan migrated: " + summary) });
    }

    // The caller holds the lease: no view is written in the background once this returns or throws. The outcome is the
    // history's: a view that failed is a ViewProblem of the result (rebuilt here from the history when it can be).
    // newExecution: nothing was posted to it before (a signal needs its history); a step that takes signals reads them.
    // drive: false commits what the session holds (a resume that stops the execution at once) and runs nothing.
    // Its creation is committed with its first step's start (one flushed commit; ExecutionSession.HoldCreation), or with
    // whatever the run commits first.
    private async Task<ExecutionResult> CommitAndDriveAsync(ExecutionSession session, RunOptions options, RunTelemetry telemetry, List<ViewFinding> opened, CancellationToken cancellationToken, bool newExecution = false, bool drive = true)
    {
        ExecutionResult result;
        try
        {
            if (newExecution)
            {
                var onStarted = options.OnStarted;
                session.HoldCreation(onStarted is null ? static () => { } : () => onStarted(session.State.ExecutionId));
                result = await DriveAsync(session, options, cancellationToken).ConfigureAwait(false);
            }
            else
            {
                // From this commit on the history holds the resume: a stop pauses the execution, it never throws (the
                // pending signals are read without the run's token; DriveAsync sees the stop before the first step).
                await session.CommitAsync(flushToDisk: true).ConfigureAwait(false);
                if (drive)
                {
                    options.OnStarted?.Invoke(session.State.ExecutionId);
                    await RecordPostedSignalsAsync(session, CancellationToken.None).ConfigureAwait(false);
                    result = await DriveAsync(session, options, cancellationToken).ConfigureAwait(false);
                }
                else
                {
                    result = new ExecutionResult(session.State);
                }
            }
            telemetry.Ended(result.State);
        }
        catch (DiskFullException e) when (e.ExecutionId is null)
        {
            // A view written with AtomicFile does not know its execution: name it, so the message says what to resume.
            var named = new DiskFullException(e.FilePath, session.State.ExecutionId, e.InnerException);
            telemetry.Failed(named);
            throw named;
        }
        catch (Exception e)
        {
            telemetry.Failed(e);
            throw;
        }
        finally
        {
            RunTrace.Mark("drive<");
            await session.StopViewsAsync().ConfigureAwait(false);
            RunTrace.Mark("views stopped");
            telemetry.Dispose();
        }
        IReadOnlyList<ViewProblem> problems = session.ViewProblems;
        if (session.AnyViewFailed && Views is not null && await RebuildViewsAsync(session.State.ExecutionId).ConfigureAwait(false))
        {
            problems = problems.Select(p => p.Repaired ? p : new ViewProblem(p.View, p.File, p.Message + " (rebuilt from the history before the run returned)", repaired: true)).ToList();
        }
        var before = Problems(opened, session.State.ExecutionId);
        return before.Count == 0 && problems.Count == 0 ? result : new ExecutionResult(result.State) { ViewProblems = [.. before, .. problems] };
    }

    // After a view failed: one attempt at bringing every view of the execution (still held) in line with its history.
    private async Task<bool> RebuildViewsAsync(string executionId)
    {
        try
        {
            var history = await Store.ReadAsync(executionId, CancellationToken.None).ConfigureAwait(false);
            return history is { Count: > 0 } && Views!.RepairHeld(executionId, history).Consistent;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ExecutionDataException or TimeoutException)
        {
            return false;
        }
    }

    // Records the signals posted to the execution and not yet in its history (the caller holds the lease), once each.
    // True when any was recorded.
    private static async ValueTask<bool> RecordPostedSignalsAsync(ExecutionSession session, CancellationToken cancellationToken)
    {
        var id = session.State.ExecutionId;
        var pending = await session.Store.ReadPendingSignalsAsync(id, cancellationToken).ConfigureAwait(false);
        if (pending.Count == 0) return false;
        var recorded = false;
        foreach (var signal in pending)
        {
            if (session.State.Signals.Any(s => s.Id == signal.Id)) continue; // recorded before a crash kept its file
            session.Record(new ExecutionEvent { Kind = ExecutionEventKind.SignalReceived, Name = signal.Name, Value = session.Redact(signal.Json), SignalId = signal.Id, Actor = signal.Sender });
            recorded = true;
        }
        await session.CommitAsync(flushToDisk: true).ConfigureAwait(false);
        await session.Store.RemovePendingSignalsAsync(id, pending, CancellationToken.None).ConfigureAwait(false);
        return recorded;
    }

    private static async Task<ExecutionResult> DriveAsync(ExecutionSession session, RunOptions options, CancellationToken cancellationToken)
    {
        var state = session.State;
        foreach (var definition in session.Definition.Steps)
        {
            var order = definition.Plan.Order;
            if (state.StatusOf(order) == StepStatus.Completed) continue;
            var maxAttempts = Math.Max(1, options.MaxAttempts ?? definition.Plan.MaxAttempts);
            var delay = options.RetryDelay;
            for (var attemptThisRun = 1; ; attemptThisRun++)
            {
                if (options.StopRequested.IsCancellationRequested || cancellationToken.IsCancellationRequested)
                {
                    // A graceful stop (a host shutting down, Ctrl-C through StopSignals; a step that ignored the cancelled
                    // token returned): no new attempt; the execution waits, resumable, before this step.
                    session.Execution.Pause($"cancelled: stopped before step {definition.Plan.Order} ({definition.Plan.Name}) started");
                    await session.CommitAsync(flushToDisk: true).ConfigureAwait(false);
                    return new ExecutionResult(state);
                }
                // A step that takes signals sees every signal posted so far, also while the execution was running. The
                // previous step's completion is committed first: reading the signals may fail. (Not cancelled: a stop is
                // seen by the step's start, and the execution pauses.)
                if (definition.Plan.Signals is { Count: > 0 })
                {
                    await session.CommitAsync(flushToDisk: true).ConfigureAwait(false);
                    await RecordPostedSignalsAsync(session, CancellationToken.None).ConfigureAwait(false);
                }
                var outcome = await RunAttemptAsync(session, definition, options.StepServices, cancellationToken).ConfigureAwait(false);
                if (outcome == AttemptOutcome.Completed) break;
                if (outcome == AttemptOutcome.Stopped)
                {
                    // A signal posted while the step decided to wait: carry on at once instead of waiting for a wake-up.
                    if (state.Status == ExecutionStatus.Paused && state.WaitingForSignal is { } awaited && !cancellationToken.IsCancellationRequested
                        && await RecordPostedSignalsAsync(session, CancellationToken.None).ConfigureAwait(false) && state.FindSignal(awaited) is not null)
                    {
                        session.Execution.Resume();
                        await session.CommitAsync(flushToDisk: false).ConfigureAwait(false);
                        continue;
                    }
                    return new ExecutionResult(state);
                }
                if (outcome == AttemptOutcome.Retryable && attemptThisRun < maxAttempts)
                {
                    StepTelemetry.Retried(state, definition.Plan);
                    await session.CommitAsync(flushToDisk: false).ConfigureAwait(false);
                    if (delay > TimeSpan.Zero)
                    {
                        try
                        {
                            await Task.Delay(delay, session.Time, cancellationToken).ConfigureAwait(false);
                        }
                        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
                        {
                            // Cancelled while waiting to retry: the loop's first check pauses the execution before the step.
                        }
                        delay *= 2;
                    }
                    continue;
                }
                var reason = $"step {order} ({definition.Plan.Name}) failed: {state.LastErrorOf(order)}";
                if (options.OnStepFailure == StepFailurePolicy.FailExecution) session.Execution.Fail(reason);
                else session.Execution.Pause(reason);
                await session.CommitAsync(flushToDisk: true).ConfigureAwait(false);
                return new ExecutionResult(state);
            }
        }
        session.Execution.Complete();
        await session.CommitAsync(flushToDisk: true).ConfigureAwait(false);
        return new ExecutionResult(state);
    }

    private enum AttemptOutcome
    {
        Completed,
        Retryable,
        NotRetryable,
        Stopped, // paused, failed for good, or cancelled: the execution's status is already set.
    }

    // One attempt's state between its parts (RunAttemptAsync): copied into ContinueAttemptAsync only when a part did not
    // complete at once.
    private struct Attempt
    {
        public StepPlan Plan;
        public int Number;
        public Exception? Error;
        public bool Cancelled;
        public StepTelemetry Telemetry;
        public StepContext Context;
        public StepOutputs Outputs;
        public long Started;
    }

    // Where ContinueAttemptAsync takes over: what its pending task is.
    private enum AttemptStage
    {
        Started,       // the start's commit
        Invoked,       // the step's code
        ServicesEnded, // the end of the attempt's services
        Closed,        // the step's closing (a background commit under way)
    }

    // One attempt of a step. Runs without an async method while every part completes at once (an in-memory store, a
    // step that returns at once, no views): a state machine here costs as much as a record. The first part that does not
    // complete at once is awaited, with the rest of the attempt, in ContinueAttemptAsync.
    private static ValueTask<AttemptOutcome> RunAttemptAsync(ExecutionSession session, StepDefinition definition, Func<StepServiceScope>? services, CancellationToken cancellationToken)
    {
        var attempt = default(Attempt);
        var started = StartAttempt(session, definition, ref attempt);
        if (!started.IsCompletedSuccessfully) return ContinueAttemptAsync(started, AttemptStage.Started, session, definition, services, attempt, cancellationToken);
        started.GetAwaiter().GetResult();
        if (OpenAttempt(session, definition, services, ref attempt, cancellationToken))
        {
            var invoked = Invoke(definition, ref attempt, cancellationToken);
            if (!invoked.IsCompletedSuccessfully) return ContinueAttemptAsync(invoked, AttemptStage.Invoked, session, definition, services, attempt, cancellationToken);
            invoked.GetAwaiter().GetResult();
            var servicesEnded = EndServices(ref attempt);
            if (!servicesEnded.IsCompletedSuccessfully) return ContinueAttemptAsync(servicesEnded, AttemptStage.ServicesEnded, session, definition, services, attempt, cancellationToken);
            servicesEnded.GetAwaiter().GetResult();
            var closed = session.CloseStepAsync();
            if (!closed.IsCompletedSuccessfully) return ContinueAttemptAsync(closed, AttemptStage.Closed, session, definition, services, attempt, cancellationToken);
            closed.GetAwaiter().GetResult();
        }
        var outcome = EndAttempt(session, ref attempt, out var commit);
        if (!commit) return new ValueTask<AttemptOutcome>(outcome);
        var committed = session.CommitAsync(flushToDisk: true);
        if (!committed.IsCompletedSuccessfully) return AwaitCommitAsync(committed, outcome);
        committed.GetAwaiter().GetResult();
        return new ValueTask<AttemptOutcome>(outcome);
    }

    // RunAttemptAsync from the part pending at stage on (pending), awaiting each part from there.
    private static async ValueTask<AttemptOutcome> ContinueAttemptAsync(ValueTask pending, AttemptStage stage, ExecutionSession session, StepDefinition definition, Func<StepServiceScope>? services, Attempt attempt, CancellationToken cancellationToken)
    {
        var ran = true;
        if (stage == AttemptStage.Started)
        {
            await pending.ConfigureAwait(false);
            ran = OpenAttempt(session, definition, services, ref attempt, cancellationToken);
        }
        if (ran && stage <= AttemptStage.Invoked)
        {
            try
            {
                if (stage == AttemptStage.Invoked) await pending.ConfigureAwait(false);
                else await definition.InvokeAsync(attempt.Context, attempt.Outputs, cancellationToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                attempt.Cancelled = true;
            }
            catch (Exception e)
            {
                attempt.Error = e;
            }
        }
        if (ran && stage <= AttemptStage.ServicesEnded)
        {
            try
            {
                if (stage == AttemptStage.ServicesEnded) await pending.ConfigureAwait(false);
                else await attempt.Context.EndServicesAsync().ConfigureAwait(false);
            }
            catch (Exception e)
            {
                // A scoped service that fails to dispose fails the attempt it served (unless that failed or stopped already).
                if (attempt.Error is null && !attempt.Cancelled) attempt.Error = e;
            }
        }
        if (ran)
        {
            if (stage == AttemptStage.Closed) await pending.ConfigureAwait(false);
            else await session.CloseStepAsync().ConfigureAwait(false);
        }
        var outcome = EndAttempt(session, ref attempt, out var commit);
        if (commit) await session.CommitAsync(flushToDisk: true).ConfigureAwait(false);
        return outcome;
    }

    private static async ValueTask<AttemptOutcome> AwaitCommitAsync(ValueTask commit, AttemptOutcome outcome)
    {
        await commit.ConfigureAwait(false);
        return outcome;
    }

    // The attempt's inputs, and its start recorded and committed.
    private static ValueTask StartAttempt(ExecutionSession session, StepDefinition definition, ref Attempt attempt)
    {
        var plan = definition.Plan;
        attempt.Plan = plan;
        attempt.Number = session.State.AttemptsOf(plan.Order) + 1;
        List<NamedValue>? inputs = null;
        try
        {
            inputs = RealInputs(session, plan);
        }
        catch (WorkflowException e)
        {
            attempt.Error = e;
        }
        // The start is in the history before the step's side effects, so a takeover after a crash counts this attempt. It
        // does not wait for the disk, unless it carries the previous step's completion (ExecutionSession.RecordCompletion)
        // or the execution's creation (ExecutionSession.HoldCreation). A stop does not interrupt it (no commit does).
        var start = session.NewRecord(ExecutionEventKind.StepStarted);
        start.Step = plan.Order;
        start.Attempt = attempt.Number;
        start.Values = inputs;
        return session.RecordAndCommitAsync(start, StartTime(session), flushToDisk: false);
    }

    // The time of a step's start: with the system clock, from one reading of the monotonic clock (ExecutionSession.StepTime).
    private static DateTimeOffset StartTime(ExecutionSession session) => session.OnSystemClock ? session.StepTime(session.Time.GetTimestamp()) : session.Now;

    // The step's context and outputs, and its clock started; true when its code is to run (the step is then open).
    private static bool OpenAttempt(ExecutionSession session, StepDefinition definition, Func<StepServiceScope>? services, ref Attempt attempt, CancellationToken cancellationToken)
    {
        var plan = attempt.Plan;
        attempt.Telemetry = StepTelemetry.Start(session.State, plan, attempt.Number);
        attempt.Context = new StepContext(session, plan, attempt.Number, services);
        // One StepOutputs per session, reused by every attempt (its staging slots too): see StepOutputs.
        attempt.Outputs = session.Outputs;
        attempt.Outputs.Clear();
        attempt.Started = session.Time.GetTimestamp();
        // A stop that came while the start was committed: the step's code is not run, and the attempt pauses as a
        // cancelled step does (the execution PAUSED, reason "cancelled"; a resume runs the step).
        attempt.Cancelled = attempt.Error is null && cancellationToken.IsCancellationRequested;
        if (attempt.Error is not null || attempt.Cancelled) return false;
        // What the step records while it runs reaches the history (and the log) within a fraction of a second.
        session.OpenStep(commitInBackground: !HasSecretOutput(plan));
        return true;
    }

    // The step's code, called; what it throws at once is the attempt's, as what it throws later is (ContinueAttemptAsync).
    private static ValueTask Invoke(StepDefinition definition, ref Attempt attempt, CancellationToken cancellationToken)
    {
        try
        {
            return definition.InvokeAsync(attempt.Context, attempt.Outputs, cancellationToken);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            attempt.Cancelled = true;
        }
        catch (Exception e)
        {
            attempt.Error = e;
        }
        return default;
    }

    // The attempt's services (a DI scope) end with it: a retry, a resume or the next step gets new ones.
    private static ValueTask EndServices(ref Attempt attempt)
    {
        try
        {
            return attempt.Context.EndServicesAsync();
        }
        catch (Exception e)
        {
            // A scoped service that fails to dispose fails the attempt it served (unless that failed or stopped already).
            if (attempt.Error is null && !attempt.Cancelled) attempt.Error = e;
        }
        return default;
    }

    // The step returned (or did not run): its end recorded. commit: the outcome's status is to be committed, flushed (a
    // pause, or a failure the step reported), before the outcome is returned.
    private static AttemptOutcome EndAttempt(ExecutionSession session, ref Attempt attempt, out bool commit)
    {
        commit = false;
        var plan = attempt.Plan;
        var context = attempt.Context;
        var outputs = attempt.Outputs;
        var telemetry = attempt.Telemetry;
        var error = attempt.Error;
        var cancelled = attempt.Cancelled;
        var number = attempt.Number;
        // One reading of the monotonic clock ends the step's duration and, with the system clock, times its end.
        var endTimestamp = session.Time.GetTimestamp();
        var elapsed = session.Time.GetElapsedTime(attempt.Started, endTimestamp).TotalSeconds;
        var simulation = session.State.Mode == ExecutionMode.Simulation;
        var cost = simulation ? plan.EstimatedCost : context.ReportedCost;
        var seconds = simulation ? plan.EstimatedSeconds : Math.Round(elapsed, 3);

        string? stopReason = null;
        if (cancelled) stopReason = "cancelled";
        else if (context.PauseReason is not null) stopReason = context.PauseReason;
        if (stopReason is not null)
        {
            // A pause (asked by the step, or a cancellation) is not a failure: the step is PAUSED, the attempt is not failed.
            var reason = session.Redact(stopReason);
            session.Record(new ExecutionEvent
            {
                Kind = ExecutionEventKind.StepPaused, Step = plan.Order, Attempt = number, Message = reason, Cost = cost, Seconds = seconds,
                Name = cancelled ? null : context.AwaitedSignal, WakeAt = cancelled ? null : context.WakeAt,
            });
            telemetry.Paused(cost, seconds, reason);
            session.Execution.Pause(stopReason);
            commit = true;
            return AttemptOutcome.Stopped;
        }
        if (context.FailureReason is not null)
        {
            RecordFailed(session, plan, number, context.FailureReason, cost, seconds);
            telemetry.Failed(cost, seconds, session.Redact(context.FailureReason));
            session.Execution.Fail($"step {plan.Order} ({plan.Name}) failed: {context.FailureReason}");
            commit = true;
            return AttemptOutcome.Stopped;
        }
        if (error is not null)
        {
            var description = Describe(error);
            RecordFailed(session, plan, number, description, cost, seconds);
            telemetry.Failed(cost, seconds, session.Redact(description));
            return error is WorkflowException ? AttemptOutcome.NotRetryable : AttemptOutcome.Retryable;
        }

        // A secret output is known from here on: what the step logged or recorded with it, and its other outputs (which
        // may copy it), are masked before anything of this attempt is written. One too short to be masked fails the step.
        var newSecrets = false;
        foreach (var (name, slot) in outputs.Staged)
        {
            if (!slot.IsSecret) continue;
            try
            {
                newSecrets |= session.Variables.Secrets.Add(name, slot);
            }
            catch (ArgumentException e)
            {
                RecordFailed(session, plan, number, e.Message, cost, seconds);
                return AttemptOutcome.NotRetryable;
            }
        }
        if (newSecrets) session.MaskPending(plan.Order);
        // The step's published variables and its completion happen together: one time for all of them.
        var ended = session.StepTime(endTimestamp);
        var published = session.StepValues(outputs: true, outputs.Staged.Count);
        var count = 0;
        foreach (var (name, slot) in outputs.Staged)
        {
            var json = RecordVariable(session, name, slot, ended);
            ExecutionSession.PutValue(published, count++, name, ExecutionSession.DisplayText(json));
        }
        ExecutionSession.EndValues(published, count);
        // The completion goes to the history with the session's next commit, flushed: normally the next step's start (one
        // round trip ends this step and starts the next, before the next step's side effects), else the pause, failure
        // or end that follows. It is reported done (views, telemetry) only once that commit has returned.
        var completion = session.NewRecord(ExecutionEventKind.StepCompleted);
        completion.Step = plan.Order;
        completion.Attempt = number;
        completion.Cost = cost;
        completion.Seconds = seconds;
        completion.Values = published;
        session.RecordCompletion(completion, ended, telemetry, cost, seconds);
        // Copied into the store's own slots (in place when the type is unchanged; a new one is handed over): see StepOutputs.
        outputs.PublishTo(session.Variables);
        outputs.Clear();
        return AttemptOutcome.Completed;
    }

    private static bool HasSecretOutput(StepPlan plan)
    {
        var outputs = plan.Outputs;
        for (var i = 0; i < outputs.Count; i++)
        {
            if (outputs[i].IsSecret) return true;
        }
        return false;
    }

    private static void RecordFailed(ExecutionSession session, StepPlan plan, int attempt, string error, decimal cost, double seconds) =>
        session.Record(new ExecutionEvent { Kind = ExecutionEventKind.StepFailed, Step = plan.Order, Attempt = attempt, Message = session.Redact(error), Cost = cost, Seconds = seconds });

    private static string RecordVariable(ExecutionSession session, string name, VariableSlot slot) => RecordVariable(session, name, slot, session.Now);

    private static string RecordVariable(ExecutionSession session, string name, VariableSlot slot, DateTimeOffset at)
    {
        var json = session.PersistedJson(slot.ToJson(), slot.IsSecret);
        var record = session.NewRecord(ExecutionEventKind.VariableSet);
        record.Name = name;
        record.Value = json;
        if (slot.IsSecret) record.IsSecret = true;
        session.RecordAt(record, at);
        return json;
    }

    private static void SetVariables(ExecutionSession session, VariableStore? variables)
    {
        if (variables is null) return;
        foreach (var pair in variables.Slots)
        {
            session.Variables.SetSlot(pair.Key, pair.Value);
            RecordVariable(session, pair.Key, pair.Value);
        }
    }

    // The inputs as bound: each declared reference rendered against the variables (secrets masked).
    private static List<NamedValue> RealInputs(ExecutionSession session, StepPlan plan)
    {
        var declared = plan.Inputs;
        var inputs = session.StepValues(outputs: false, declared.Count);
        for (var i = 0; i < declared.Count; i++)
        {
            var input = declared[i];
            // One lookup per variable read: the value and whether it is a secret come together.
            var value = session.Variables.Render(input.Reference, input.ParsedReference, out var readsSecret);
            ExecutionSession.PutValue(inputs, i, input.Name, input.IsSecret || readsSecret ? SecretRedactor.Mask : session.Redact(value));
        }
        ExecutionSession.EndValues(inputs, declared.Count);
        return inputs;
    }

    private static string Describe(Exception error) => error is WorkflowException ? error.Message : $"{error.GetType().Name}: {error.Message}";

    private static string Describe(IExecutionStore store) => store is FileSystemExecutionStore fs ? fs.Layout.StateDirectory : store.GetType().Name;
}
