using System.Buffers;

namespace IrlExec.PostgreSql;

/// <summary>
/// Renders executions' files from their histories into a folder, in the seed's layout: the history file, the JSON
/// snapshot, <c>execution_state.md</c> (the execution's own copy and <c>workspace/</c>'s, which shows the last one
/// exported), the log, the result, the active list and the manifest's tables. The folder is then a filesystem root like
/// any other: the CLI reads it, and a <see cref="FileSystemExecutionStore"/> can even continue an exported execution.
/// Works with any <see cref="IExecutionStore"/>; the CLI uses it to show executions kept in PostgreSQL.
/// </summary>
public static class ExecutionExport
{
    /// <summary>
    /// Writes the files of <paramref name="executionIds"/> (every execution of the store when null) under
    /// <paramref name="root"/>, in the order the executions were created. Files of other executions already there are
    /// kept; an exported execution's files are replaced.
    /// </summary>
    /// <returns>The ids exported.</returns>
    /// <exception cref="UnknownExecutionException">An id has no history in the store.</exception>
    /// <exception cref="ExecutionDataException">A history is damaged.</exception>
    public static async Task<IReadOnlyList<string>> ExportAsync(IExecutionStore store, IEnumerable<string>? executionIds, string root, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(root);
        var ids = executionIds?.Distinct(StringComparer.Ordinal).ToList() ?? [.. await store.ListAsync(cancellationToken).ConfigureAwait(false)];
        var histories = new List<(string Id, IReadOnlyList<ExecutionEvent> History)>(ids.Count);
        foreach (var id in ids)
        {
            var history = await store.ReadAsync(id, cancellationToken).ConfigureAwait(false);
            if (history is null || history.Count == 0) throw new UnknownExecutionException(id, Describe(store));
            histories.Add((id, history));
        }
        histories.Sort((a, b) => a.History[0].Timestamp.CompareTo(b.History[0].Timestamp) is var c && c != 0 ? c : string.CompareOrdinal(a.Id, b.Id));

        var layout = new ExecutionLayout(root);
        Directory.CreateDirectory(layout.StateDirectory);
        var observers = StandardObservers.For(layout);
        foreach (var (id, history) in histories)
        {
            WriteHistoryFile(layout.HistoryFile(id), history);
            var logFile = LogFileOf(layout, history);
            if (logFile is not null && File.Exists(logFile)) File.Delete(logFile); // the log is appended to: start it afresh
            var state = ExecutionStateProjector.Replay(history);
            state.ExecutionId = id;
            // One commit of the whole history: what a view that caught up after the last commit shows.
            foreach (var observer in observers) await observer.OnCommittedAsync(state, history, cancellationToken).ConfigureAwait(false);
        }
        return histories.Select(h => h.Id).ToList();
    }

    private static void WriteHistoryFile(string path, IReadOnlyList<ExecutionEvent> history)
    {
        var buffer = new ArrayBufferWriter<byte>(64 * 1024);
        foreach (var record in history) HistoryCodec.Encode(record, buffer);
        AtomicFile.WriteAllBytes(path, buffer.WrittenSpan, flushToDisk: false);
    }

    private static string? LogFileOf(ExecutionLayout layout, IReadOnlyList<ExecutionEvent> history)
    {
        var label = history.Select(r => r.RunLabel ?? r.RestoredState?.RunLabel).FirstOrDefault(l => !string.IsNullOrEmpty(l));
        return label is null ? null : layout.LogFile(label);
    }

    private static string Describe(IExecutionStore store) => store switch
    {
        PostgreSqlExecutionStore postgres => $"the PostgreSQL schema '{postgres.Options.Schema}'",
        FileSystemExecutionStore files => files.Layout.StateDirectory,
        _ => store.GetType().Name,
    };
}
