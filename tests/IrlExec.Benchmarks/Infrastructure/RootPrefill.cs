using System.Buffers;
using System.Globalization;

namespace IrlExec.Benchmarks.Infrastructure;

/// <summary>
/// Roots that already hold many finished executions, as a root that has run a small workflow for months holds them: per
/// execution its history, JSON snapshot, markdown copy, lock file, log and result, and the shared files (the manifest
/// README with its pages of older runs, the index of finished executions, the workspace markdown). The files are the
/// ones a real run writes: one real run of <see cref="Workflow"/> gives the records, which are given a new id, run label
/// and times per execution and rendered by IrlExec's own renderers (running 100,000 executions through the runner would
/// take hours). Run labels are spread 1,000 a day over the days before the benchmark.
/// </summary>
public static class RootPrefill
{
    /// <summary>The small workflow the suites run: three typical steps (an input, a log line, an output each).</summary>
    public static WorkflowDefinition Workflow { get; } = BenchWorkflows.Typical("hello", 3, static () => new TypicalStep());

    /// <summary>
    /// A root with <paramref name="executions"/> finished executions. Roots of more than 10,000 are kept under
    /// <c>/tmp/irlexec-bench-roots/</c> and reused by later processes (making one takes minutes); the runs a benchmark adds
    /// to it are a negligible part of it.
    /// </summary>
    public static string Get(int executions)
    {
        if (executions <= 10_000)
        {
            var fresh = BenchWorkflows.NewRoot("root-" + executions.ToString(CultureInfo.InvariantCulture));
            Fill(fresh, executions);
            return fresh;
        }
        var kept = Path.Combine(Path.GetTempPath(), "irlexec-bench-roots", "v1-" + executions.ToString(CultureInfo.InvariantCulture));
        var done = Path.Combine(kept, ".prefilled");
        if (File.Exists(done)) return kept;
        if (Directory.Exists(kept)) Directory.Delete(kept, recursive: true);
        Directory.CreateDirectory(kept);
        Fill(kept, executions);
        File.WriteAllText(done, DateTime.UtcNow.ToString("O", CultureInfo.InvariantCulture));
        return kept;
    }

    private static void Fill(string root, int executions)
    {
        // One real run gives the records of an execution of the workflow.
        var scratch = BenchWorkflows.NewRoot("prefill-template");
        IReadOnlyList<ExecutionEvent> template;
        try
        {
            var result = WorkflowRunner.ForDirectory(scratch).RunAsync(Workflow, BenchWorkflows.Variables()).GetAwaiter().GetResult();
            template = FileSystemExecutionStore.ReadHistory(new ExecutionLayout(scratch).HistoryFile(result.ExecutionId))!.Value.Records;
        }
        finally
        {
            BenchWorkflows.DeleteRoot(scratch);
        }

        var layout = new ExecutionLayout(root);
        foreach (var folder in new[] { layout.StateDirectory, layout.LogsDirectory, layout.ResultsDirectory, layout.ActiveDirectory, layout.WorkspaceDirectory }) Directory.CreateDirectory(folder);
        var first = template[0].Timestamp;
        var days = (executions + 999) / 1000;
        var start = new DateTimeOffset(DateTime.UtcNow.Date, TimeSpan.Zero).AddDays(-days - 1);
        var buffer = new ArrayBufferWriter<byte>(8192);
        var entries = new List<FinishedIndexEntry>(executions);
        ExecutionState? last = null;
        for (var i = 0; i < executions; i++)
        {
            var day = start.AddDays(i / 1000);
            var at = day.AddSeconds(60 * (i % 1000));
            var id = "exec_" + at.UtcDateTime.ToString("yyyyMMdd'T'HHmmss'Z'", CultureInfo.InvariantCulture) + "_" + i.ToString("D32", CultureInfo.InvariantCulture);
            var label = "hello-" + day.UtcDateTime.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) + "-" + (i % 1000 + 1).ToString("000", CultureInfo.InvariantCulture);
            buffer.ResetWrittenCount();
            var records = new List<ExecutionEvent>(template.Count);
            foreach (var record in template)
            {
                record.Timestamp = at + (record.Timestamp - first);
                if (record.ExecutionId is not null) record.ExecutionId = id;
                if (record.RunLabel is not null) record.RunLabel = label;
                HistoryCodec.Encode(record, buffer);
                records.Add(record);
            }
            File.WriteAllBytes(layout.HistoryFile(id), buffer.WrittenSpan.ToArray());
            var state = ExecutionStateProjector.Replay(records);
            state.ExecutionId = id;
            File.WriteAllBytes(layout.SnapshotFile(id), new SnapshotRenderer().Render(state));
            File.WriteAllBytes(layout.MarkdownFile(id), ExecutionStateMarkdownObserver.Render(state));
            File.WriteAllBytes(layout.LockFile(id), []);
            File.WriteAllText(layout.LogFile(label), ExecutionLogWriter.Render(id, records));
            File.WriteAllBytes(layout.ResultFile(state.Workflow, label), ResultWriter.Render(state));
            entries.Add(FinishedIndexEntry.For(state));
            last = state;
            // The template's times are relative to its first record: put them back for the next execution.
            foreach (var record in template) record.Timestamp = first + (record.Timestamp - at);
        }
        if (last is not null) File.WriteAllBytes(layout.WorkspaceStateFile, ExecutionStateMarkdownObserver.Render(last));
        FinishedIndex.Rebuild(layout, entries, new HashSet<string>());
        File.WriteAllText(layout.ActiveWorkflowsFile, "{\n  \"workflows\": []\n}");
        ActiveWorkflowsWriter.Update(layout, start, _ => { });
        // The manifest as the runs left it: the recent rows in the README, the older ones in pages.
        ExecutionManifest.Refresh(layout);
    }
}
