using IrlExec.Tests.Support;

namespace IrlExec.Tests.Storage;

/// <summary>
/// The file store follows no symbolic link inside execution/: a history, lock, log or posted signal that is a link (or
/// sits in a folder that is one) is refused with an <see cref="ExecutionDataException"/> naming it, and the link's
/// target is neither read nor written. Real links on a real file system.
/// </summary>
public sealed class ExecutionLinksTests : IDisposable
{
    private readonly TempRoot _root = new();
    private readonly TempRoot _outside = new();

    public void Dispose()
    {
        _root.Dispose();
        _outside.Dispose();
    }

    private ExecutionLayout Layout => _root.Layout;

    private static readonly WorkflowDefinition Workflow = TestWorkflow.Create("links", StepSpec.Sync("only", (c, o) => c.Log("ran")));

    [Fact]
    public async Task A_history_that_is_a_link_is_refused_on_read_and_on_resume_naming_it()
    {
        var result = await WorkflowRunner.ForDirectory(_root.Path).RunAsync(Workflow);
        var history = Layout.HistoryFile(result.ExecutionId);
        var target = Path.Combine(_outside.Path, "moved.history.jsonl");
        File.Move(history, target);
        File.CreateSymbolicLink(history, target);
        var before = File.ReadAllBytes(target);

        var read = await Assert.ThrowsAsync<ExecutionDataException>(() => WorkflowRunner.ForDirectory(_root.Path).GetStateAsync(result.ExecutionId));
        var resume = await Assert.ThrowsAsync<ExecutionDataException>(() => WorkflowRunner.ForDirectory(_root.Path).ResumeAsync(Workflow, result.ExecutionId));

        foreach (var error in new[] { read, resume })
        {
            Assert.Equal(history, error.FilePath);
            Assert.Contains("symbolic link", error.Message, StringComparison.Ordinal);
            Assert.Contains(target, error.Message, StringComparison.Ordinal);
        }
        Assert.Equal(before, File.ReadAllBytes(target));
    }

    [Fact]
    public async Task An_append_to_a_history_that_is_a_link_is_refused_and_writes_nothing_to_its_target()
    {
        Directory.CreateDirectory(Layout.StateDirectory);
        var target = Path.Combine(_outside.Path, "elsewhere.jsonl");
        File.CreateSymbolicLink(Layout.HistoryFile("exec_linked"), target);
        using var store = new FileSystemExecutionStore(_root.Path);

        var error = await Assert.ThrowsAsync<ExecutionDataException>(() => store.AppendAsync("exec_linked", [Record()], flushToDisk: true, CancellationToken.None).AsTask());

        Assert.Equal(Layout.HistoryFile("exec_linked"), error.FilePath);
        Assert.False(File.Exists(target));
    }

    [Fact]
    public async Task A_dangling_link_is_not_taken_for_a_missing_history()
    {
        Directory.CreateDirectory(Layout.StateDirectory);
        File.CreateSymbolicLink(Layout.HistoryFile("exec_dangling"), Path.Combine(_outside.Path, "nothing-here"));
        using var store = new FileSystemExecutionStore(_root.Path);

        await Assert.ThrowsAsync<ExecutionDataException>(() => store.ReadAsync("exec_dangling", CancellationToken.None).AsTask());
    }

    [Fact]
    public async Task A_state_folder_that_is_a_link_is_refused()
    {
        Directory.CreateDirectory(Layout.ExecutionDirectory);
        Directory.CreateSymbolicLink(Layout.StateDirectory, _outside.Path);
        using var store = new FileSystemExecutionStore(_root.Path);

        var error = await Assert.ThrowsAsync<ExecutionDataException>(() => store.AppendAsync("exec_x", [Record()], flushToDisk: true, CancellationToken.None).AsTask());

        Assert.Equal(Layout.StateDirectory, error.FilePath);
        Assert.Empty(Directory.EnumerateFileSystemEntries(_outside.Path));
    }

    [Fact]
    public async Task A_lock_file_that_is_a_link_is_refused_and_its_target_is_not_created()
    {
        Directory.CreateDirectory(Layout.StateDirectory);
        var target = Path.Combine(_outside.Path, "lock");
        File.CreateSymbolicLink(Layout.LockFile("exec_locked"), target);
        using var store = new FileSystemExecutionStore(_root.Path);

        var error = await Assert.ThrowsAsync<ExecutionDataException>(() => store.AcquireLeaseAsync("exec_locked", CancellationToken.None).AsTask());

        Assert.Equal(Layout.LockFile("exec_locked"), error.FilePath);
        Assert.False(File.Exists(target));
    }

    [Fact]
    public async Task A_logs_folder_that_is_a_link_stops_a_run_before_anything_is_written_through_it()
    {
        Directory.CreateDirectory(Layout.ExecutionDirectory);
        Directory.CreateSymbolicLink(Layout.LogsDirectory, _outside.Path);

        var error = await Assert.ThrowsAsync<ExecutionDataException>(() => WorkflowRunner.ForDirectory(_root.Path).RunAsync(Workflow));

        Assert.Equal(Layout.LogsDirectory, error.FilePath);
        Assert.Empty(Directory.EnumerateFileSystemEntries(_outside.Path));
    }

    [Fact]
    public async Task A_log_file_that_is_a_link_gets_no_line()
    {
        var target = Path.Combine(_outside.Path, "log.txt");
        File.WriteAllText(target, "");
        var layout = Layout;
        var state = new ExecutionState { ExecutionId = "exec_log", Workflow = "links", RunLabel = "links-2026-12-06-001" };
        Directory.CreateDirectory(layout.LogsDirectory);
        File.CreateSymbolicLink(layout.LogFile(state.RunLabel), target);

        var error = await Assert.ThrowsAsync<ExecutionDataException>(() =>
            new ExecutionLogWriter(layout).OnCommittedAsync(state, [Record()], CancellationToken.None).AsTask());

        Assert.Equal(layout.LogFile(state.RunLabel), error.FilePath);
        Assert.Equal("", File.ReadAllText(target));
    }

    [Fact]
    public async Task A_posted_signal_that_is_a_link_is_refused()
    {
        var folder = Layout.SignalsDirectory("exec_signalled");
        Directory.CreateDirectory(folder);
        var target = Path.Combine(_outside.Path, "secret.json");
        File.WriteAllText(target, "{\"id\":\"s1\",\"name\":\"go\",\"json\":\"\\\"outside\\\"\"}");
        var link = Path.Combine(folder, "0000000000000000001-s1.json");
        File.CreateSymbolicLink(link, target);
        using var store = new FileSystemExecutionStore(_root.Path);

        var error = await Assert.ThrowsAsync<ExecutionDataException>(() => store.ReadPendingSignalsAsync("exec_signalled", CancellationToken.None).AsTask());

        Assert.Equal(link, error.FilePath);
    }

    private static ExecutionEvent Record() => new()
    {
        Sequence = 1, Timestamp = DateTimeOffset.UtcNow, Kind = ExecutionEventKind.LogWritten, Level = ExecutionLogLevel.Info, Message = "hello",
    };
}
