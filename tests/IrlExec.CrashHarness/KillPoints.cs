using System.Buffers;
using System.Diagnostics;
using System.Globalization;

namespace IrlExec.CrashHarness;

internal enum KillKind
{
    None,
    StepStart,
    AfterEffect,
    TornCommit,
    AfterRecord,
    AfterCompletion,
    Views,
}

/// <summary>Where the process kills itself.</summary>
internal readonly record struct KillPoint(KillKind Kind, int Number)
{
    public static KillPoint Parse(string? text)
    {
        if (string.IsNullOrEmpty(text)) return new(KillKind.None, 0);
        var parts = text.Split(':');
        var number = parts.Length > 1 ? int.Parse(parts[1], CultureInfo.InvariantCulture) : 0;
        return parts[0] switch
        {
            "step-start" => new(KillKind.StepStart, number),
            "after-effect" => new(KillKind.AfterEffect, number),
            "torn-commit" => new(KillKind.TornCommit, number),
            "after-record" => new(KillKind.AfterRecord, number),
            "after-completion" => new(KillKind.AfterCompletion, 0),
            "views" => new(KillKind.Views, number),
            _ => throw new ArgumentException("unknown kill point " + text),
        };
    }

    /// <summary>SIGKILL to this process: no finally block, no flush, nothing more written.</summary>
    public static void Die()
    {
        Console.Out.Flush();
        Process.GetCurrentProcess().Kill();
        Thread.Sleep(Timeout.Infinite);
    }
}

/// <summary>The file store, killing the process around the append of a chosen commit.</summary>
internal sealed class KillingStore(FileSystemExecutionStore inner, ExecutionLayout layout, KillPoint killAt) : IExecutionStore
{
    public ValueTask<string> ReserveRunLabelAsync(string workflow, DateTimeOffset now, CancellationToken cancellationToken) => inner.ReserveRunLabelAsync(workflow, now, cancellationToken);

    public async ValueTask AppendAsync(string executionId, IReadOnlyList<ExecutionEvent> records, bool flushToDisk, CancellationToken cancellationToken)
    {
        var completes = records.Any(r => r.Kind == ExecutionEventKind.StepCompleted && r.Step == killAt.Number);
        if (killAt.Kind == KillKind.TornCommit && completes)
        {
            // The process dies in the middle of writing the step's completion: half of the commit's bytes reach the file.
            var buffer = new ArrayBufferWriter<byte>();
            foreach (var record in records) HistoryCodec.Encode(record, buffer);
            using (var history = new FileStream(layout.HistoryFile(executionId), FileMode.Append, FileAccess.Write, FileShare.ReadWrite))
            {
                history.Write(buffer.WrittenSpan[..(buffer.WrittenCount / 2)]);
            }
            KillPoint.Die();
        }
        await inner.AppendAsync(executionId, records, flushToDisk, cancellationToken);
        if ((killAt.Kind == KillKind.StepStart && records.Any(r => r.Kind == ExecutionEventKind.StepStarted && r.Step == killAt.Number))
            || (killAt.Kind == KillKind.AfterRecord && completes)
            || (killAt.Kind == KillKind.AfterCompletion && records.Any(r => r.Kind == ExecutionEventKind.StatusChanged && r.Status == ExecutionStatus.CompletedSuccess)))
        {
            KillPoint.Die();
        }
    }

    public ValueTask<IReadOnlyList<ExecutionEvent>?> ReadAsync(string executionId, CancellationToken cancellationToken) => inner.ReadAsync(executionId, cancellationToken);

    public ValueTask<IReadOnlyList<string>> ListAsync(CancellationToken cancellationToken) => inner.ListAsync(cancellationToken);

    public ValueTask<IAsyncDisposable> AcquireLeaseAsync(string executionId, CancellationToken cancellationToken) => inner.AcquireLeaseAsync(executionId, cancellationToken);

    public ValueTask PostSignalAsync(string executionId, PendingSignal signal, CancellationToken cancellationToken) => inner.PostSignalAsync(executionId, signal, cancellationToken);

    public ValueTask<IReadOnlyList<PendingSignal>> ReadPendingSignalsAsync(string executionId, CancellationToken cancellationToken) => inner.ReadPendingSignalsAsync(executionId, cancellationToken);

    public ValueTask RemovePendingSignalsAsync(string executionId, IReadOnlyList<PendingSignal> signals, CancellationToken cancellationToken) => inner.RemovePendingSignalsAsync(executionId, signals, cancellationToken);
}

/// <summary>Placed among the standard views: kills the process when the views show the completion.</summary>
internal sealed class KillingObserver : IExecutionObserver
{
    public ValueTask OnCommittedAsync(ExecutionState state, IReadOnlyList<ExecutionEvent> records, CancellationToken cancellationToken)
    {
        if (state.Status == ExecutionStatus.CompletedSuccess) KillPoint.Die();
        return ValueTask.CompletedTask;
    }
}
