namespace IrlExec.Cli.Output;

/// <summary>
/// Turns the history records of a running execution into step progress: an observer like the file writers, so the
/// progress shows exactly what the history recorded, when it was recorded.
/// </summary>
internal sealed class StepProgressObserver(IStepProgress progress) : IExecutionObserver
{
    public ValueTask OnCommittedAsync(ExecutionState state, IReadOnlyList<ExecutionEvent> records, CancellationToken cancellationToken)
    {
        foreach (var record in records)
        {
            if (record.Step is not { } order) continue;
            switch (record.Kind)
            {
                case ExecutionEventKind.StepStarted:
                    progress.StepStarted(order, state.FindStep(order)?.Name ?? "step " + order, record.Attempt ?? 1);
                    break;
                case ExecutionEventKind.StepCompleted:
                    progress.StepCompleted(order);
                    break;
            }
        }
        return ValueTask.CompletedTask;
    }
}
