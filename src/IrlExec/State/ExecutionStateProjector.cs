namespace IrlExec;

/// <summary>
/// Folds history records into an <see cref="ExecutionState"/>. The runner applies each record as it appends it and
/// resume replays the whole history through the same code, so live state and rebuilt state cannot disagree.
/// </summary>
public static class ExecutionStateProjector
{
    /// <summary>Rebuilds the state of an execution from its full history.</summary>
    public static ExecutionState Replay(IEnumerable<ExecutionEvent> history)
    {
        ArgumentNullException.ThrowIfNull(history);
        var state = new ExecutionState();
        foreach (var record in history) Apply(state, record);
        return state;
    }

    /// <summary>Applies one record to <paramref name="state"/>.</summary>
    public static void Apply(ExecutionState state, ExecutionEvent record)
    {
        ArgumentNullException.ThrowIfNull(state);
        ArgumentNullException.ThrowIfNull(record);
        state.LastUpdated = record.Timestamp;
        switch (record.Kind)
        {
            case ExecutionEventKind.ExecutionCreated:
                state.ExecutionId = record.ExecutionId ?? state.ExecutionId;
                state.Workflow = record.Workflow ?? "";
                state.Goal = record.Goal ?? "";
                state.Mode = record.Mode ?? ExecutionMode.Execution;
                state.RunLabel = record.RunLabel ?? "";
                state.Actor = record.Actor ?? "";
                state.PlanFingerprint = record.PlanFingerprint ?? "";
                state.PlanVersion = record.PlanVersion ?? 1;
                state.StartTime = record.Timestamp;
                state.Status = ExecutionStatus.Planning;
                if (record.Plan is null && record.PlanShape is { } shape) state.PlanSteps(shape.Steps);
                else state.Steps = PendingSteps(record) ?? [];
                break;
            case ExecutionEventKind.StatusChanged:
                var from = state.Status;
                state.Status = record.Status ?? state.Status;
                state.StatusReason = record.Message;
                state.Training.StateTransitions.Add(new StateTransitionRecord { From = record.FromStatus ?? from, To = state.Status, Reason = record.Message, Timestamp = record.Timestamp });
                break;
            case ExecutionEventKind.StepStarted:
            {
                // A planned step not made into a StepState yet is changed where it is kept (ExecutionState.Planned).
                if (state.Planned is { } planned && planned.Has(record.Step.GetValueOrDefault()))
                {
                    ref var entry = ref planned.At(record.Step.GetValueOrDefault());
                    entry.Status = StepStatus.Running;
                    entry.Attempts = record.Attempt ?? entry.Attempts + 1;
                }
                else
                {
                    var step = RequireStep(state, record);
                    step.Status = StepStatus.Running;
                    step.Attempts = record.Attempt ?? step.Attempts + 1;
                }
                var order = record.Step.GetValueOrDefault();
                state.CurrentStep = order;
                // The record's own list, until the attempt's log entry copies it (the runner reuses it only after that).
                state.SetPendingInputs(order, record.Values);
                // The wait is over once the step runs again; the timer stays known to it (StepContext.PauseFor) until it completes.
                state.WaitingForSignal = null;
                break;
            }
            case ExecutionEventKind.StepCompleted:
            {
                if (state.Planned is { } planned && planned.Has(record.Step.GetValueOrDefault()))
                {
                    var order = record.Step.GetValueOrDefault();
                    ref var entry = ref planned.At(order);
                    entry.Status = StepStatus.Completed;
                    entry.LastError = null;
                    AddLogEntry(state, order, entry.Attempts, planned.ToolMapping(order), record, errors: null, pauseReason: null);
                    state.CurrentStep = planned.NextAfter(order);
                }
                else
                {
                    var step = RequireStep(state, record);
                    step.Status = StepStatus.Completed;
                    step.LastError = null;
                    AddLogEntry(state, step, record, errors: null, pauseReason: null);
                    state.CurrentStep = NextStepAfter(state, step.Order);
                }
                state.WaitingForSignal = null;
                state.WakeAt = null;
                break;
            }
            case ExecutionEventKind.StepPaused:
            {
                var step = RequireStep(state, record);
                step.Status = StepStatus.Paused;
                AddLogEntry(state, step, record, errors: null, pauseReason: record.Message ?? "paused");
                state.WaitingForSignal = record.Name;
                state.WakeAt = record.WakeAt;
                break;
            }
            case ExecutionEventKind.SignalReceived:
                state.Signals.Add(new SignalRecord { Id = record.SignalId ?? "", Name = record.Name ?? "", Json = record.Value ?? "null", Sender = record.Actor, Timestamp = record.Timestamp });
                break;
            case ExecutionEventKind.StepFailed:
            {
                var step = RequireStep(state, record);
                step.Status = StepStatus.Failed;
                step.LastError = record.Message;
                AddLogEntry(state, step, record, errors: record.Message ?? "failed", pauseReason: null);
                break;
            }
            case ExecutionEventKind.VariableSet:
                state.SetVariable(record.Name ?? "", record.Value ?? "null", record.IsSecret ?? false);
                break;
            case ExecutionEventKind.ToolCallRecorded:
                state.Training.ToolCalls.Add(new ToolCallRecord { Step = record.Step ?? 0, Tool = record.Name ?? "", Arguments = record.Value ?? "", Result = record.Result ?? "", Timestamp = record.Timestamp });
                break;
            case ExecutionEventKind.StateChangeRecorded:
                PendingStateChanges(state, record.Step ?? 0).Add(record.Message ?? "");
                break;
            case ExecutionEventKind.MessageRecorded:
                state.Training.ConversationTrace.Add(new ConversationMessage { Step = record.Step ?? 0, Role = record.Name ?? "", Text = record.Message ?? "", Timestamp = record.Timestamp });
                break;
            case ExecutionEventKind.PlanMigrated:
                state.PlanMigrations.Add(new PlanMigrationRecord
                {
                    Timestamp = record.Timestamp,
                    // Histories written before the flag existed: the runner worded an explicit migration's summary
                    // "explicit migration from version ...".
                    IsExplicit = record.ExplicitMigration ?? record.Message?.StartsWith("explicit migration", StringComparison.Ordinal) == true,
                    FromVersion = state.PlanVersion,
                    ToVersion = record.PlanVersion ?? state.PlanVersion,
                    FromFingerprint = state.PlanFingerprint,
                    ToFingerprint = record.PlanFingerprint ?? state.PlanFingerprint,
                    // Histories written before the changes had their own field keep them only in the summary.
                    Changes = record.Changes is { } changes ? [.. changes] : record.Message is { } message ? [message] : [],
                    LogPosition = state.ExecutionLogCount,
                });
                state.PlanFingerprint = record.PlanFingerprint ?? state.PlanFingerprint;
                state.PlanVersion = record.PlanVersion ?? state.PlanVersion;
                if (PendingSteps(record) is { } plan) MergePlan(state, plan);
                break;
            case ExecutionEventKind.StateRestored:
                if (record.RestoredState is { } restored) Restore(state, restored);
                state.LastUpdated = record.Timestamp;
                break;
            case ExecutionEventKind.LogWritten:
                break; // Log lines live in the log file and the history; they are not part of the markdown state.
        }
    }

    /// <summary>
    /// The first record of a history started from a state read elsewhere (e.g. <c>execution_state.md</c> when the
    /// history is missing): replaying it gives back <paramref name="state"/>.
    /// </summary>
    public static ExecutionEvent Restored(ExecutionState state)
    {
        ArgumentNullException.ThrowIfNull(state);
        return new ExecutionEvent { Sequence = 1, Timestamp = state.LastUpdated, Kind = ExecutionEventKind.StateRestored, RestoredState = state };
    }

    private static void Restore(ExecutionState state, ExecutionState from)
    {
        state.ExecutionId = from.ExecutionId;
        state.Workflow = from.Workflow;
        state.Goal = from.Goal;
        state.Status = from.Status;
        state.StatusReason = from.StatusReason;
        state.CurrentStep = from.CurrentStep;
        state.StartTime = from.StartTime;
        state.Mode = from.Mode;
        state.RunLabel = from.RunLabel;
        state.Actor = from.Actor;
        state.PlanFingerprint = from.PlanFingerprint;
        state.PlanVersion = from.PlanVersion;
        state.PlanMigrations = from.PlanMigrations.Select(m => new PlanMigrationRecord
        {
            Timestamp = m.Timestamp, IsExplicit = m.IsExplicit, FromVersion = m.FromVersion, ToVersion = m.ToVersion,
            FromFingerprint = m.FromFingerprint, ToFingerprint = m.ToFingerprint, Changes = [.. m.Changes], LogPosition = m.LogPosition,
        }).ToList();
        state.Variables = from.Variables.Select(v => new VariableState { Name = v.Name, Json = v.Json, IsSecret = v.IsSecret }).ToList();
        state.Steps = from.Steps.Select(Clone).ToList();
        state.ExecutionLog = from.ExecutionLog.Select(r => new StepExecutionRecord
        {
            Step = r.Step, Timestamp = r.Timestamp, Attempt = r.Attempt, ToolUsed = r.ToolUsed,
            RealInputs = r.RealInputs.Select(v => new NamedValue(v.Name, v.Value)).ToList(),
            RealOutputs = r.RealOutputs.Select(v => new NamedValue(v.Name, v.Value)).ToList(),
            ActualCost = r.ActualCost, ActualSeconds = r.ActualSeconds, Errors = r.Errors, StateChanges = [.. r.StateChanges], PauseReason = r.PauseReason,
        }).ToList();
        state.Signals = from.Signals.Select(v => new SignalRecord { Id = v.Id, Name = v.Name, Json = v.Json, Sender = v.Sender, Timestamp = v.Timestamp }).ToList();
        state.WaitingForSignal = from.WaitingForSignal;
        state.WakeAt = from.WakeAt;
        state.Training = new TrainingData
        {
            ConversationTrace = [.. from.Training.ConversationTrace],
            ToolCalls = [.. from.Training.ToolCalls],
            StateTransitions = [.. from.Training.StateTransitions],
        };
    }

    private static StepState RequireStep(ExecutionState state, ExecutionEvent record) =>
        state.FindStep(record.Step ?? 0)
        ?? throw new InvalidOperationException($"History record {record.Sequence} ({record.Kind}) names step {record.Step}, which is not in the plan.");

    private static int NextStepAfter(ExecutionState state, int order)
    {
        // Orders are integers: a step numbered order + 1 that is not completed is the answer. O(1) in the usual case,
        // where a sort of the whole plan per completed step made long executions quadratic.
        // Otherwise (the last step, a gap in the numbers, a later step completed already) the lowest later order not
        // completed, in one pass without sorting.
        if (state.FindStep(order + 1) is { Status: not StepStatus.Completed } next) return next.Order;
        var found = false;
        var lowest = 0;
        foreach (var step in state.Steps)
        {
            if (step.Order > order && step.Status != StepStatus.Completed && (!found || step.Order < lowest))
            {
                found = true;
                lowest = step.Order;
            }
        }
        return found ? lowest : order;
    }

    // State changes recorded while a step runs belong to that step's next Execution Log entry.
    private static List<string> PendingStateChanges(ExecutionState state, int step)
    {
        if (!state.PendingStateChanges.TryGetValue(step, out var list))
        {
            list = [];
            state.PendingStateChanges[step] = list;
        }
        return list;
    }

    // The attempt's entry, with the inputs its start recorded and the state changes recorded while it ran.
    private static void AddLogEntry(ExecutionState state, StepState step, ExecutionEvent record, string? errors, string? pauseReason) =>
        AddLogEntry(state, step.Order, step.Attempts, step.ToolMapping, record, errors, pauseReason);

    private static void AddLogEntry(ExecutionState state, int order, int attempts, string toolMapping, ExecutionEvent record, string? errors, string? pauseReason)
    {
        List<string>? changes = null;
        if (state.PendingStateChanges.Count > 0) state.PendingStateChanges.Remove(order, out changes);
        var inputs = state.TakePendingInputs(order);
        state.AddLogEntry(order, record.Timestamp, record.Attempt ?? attempts, toolMapping, inputs, record.Values,
            record.Cost ?? 0m, record.Seconds ?? 0, errors, pauseReason, changes);
    }

    // The steps a creation or migration plans, all PENDING and new: each follows from the plan's shape (StepState.Pending),
    // which is all the runner records since 2026-12-03; histories written before list them in `plan` as well, and those are
    // read as written.
    private static List<StepState>? PendingSteps(ExecutionEvent record) =>
        record.Plan?.Select(Clone).ToList() ?? (record.PlanShape is { } shape ? Planned(shape.Steps) : null);

    private static List<StepState> Planned(IReadOnlyList<StepPlan> steps)
    {
        var planned = new List<StepState>(steps.Count);
        for (var i = 0; i < steps.Count; i++) planned.Add(StepState.Pending(steps[i]));
        return planned;
    }

    // `plan` holds new step states (PendingSteps): a step kept from the state replaces its planned one.
    private static void MergePlan(ExecutionState state, List<StepState> plan)
    {
        for (var i = 0; i < plan.Count; i++)
        {
            var current = state.FindStep(plan[i].Order);
            if (current is not null && current.Name == plan[i].Name && current.Status == StepStatus.Completed) plan[i] = current;
        }
        state.Steps = plan;
    }

    private static StepState Clone(StepState step) => new()
    {
        Order = step.Order,
        Name = step.Name,
        Component = step.Component,
        ToolMapping = step.ToolMapping,
        Status = step.Status,
        Inputs = step.Inputs.Select(i => new NamedValue(i.Name, i.Value)).ToList(),
        ExpectedOutputs = step.ExpectedOutputs.Select(o => new NamedValue(o.Name, o.Value)).ToList(),
        EstimatedCost = step.EstimatedCost,
        EstimatedSeconds = step.EstimatedSeconds,
        SideEffects = step.SideEffects,
        Attempts = step.Attempts,
        LastError = step.LastError,
    };
}
