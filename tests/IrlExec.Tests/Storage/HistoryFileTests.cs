using System.Text;
using IrlExec.Tests.Support;

namespace IrlExec.Tests.Storage;

public class HistoryFileTests
{
    internal static ExecutionEvent Log(long sequence, string message) => new()
    {
        Sequence = sequence,
        Timestamp = new DateTimeOffset(2026, 2, 8, 0, 47, 25, TimeSpan.Zero),
        Kind = ExecutionEventKind.LogWritten,
        Level = ExecutionLogLevel.Info,
        Message = message,
    };

    private static async Task<string> WriteHistory(TempRoot root, string id, int records)
    {
        using var store = new FileSystemExecutionStore(root.Path);
        await store.AppendAsync(id, Enumerable.Range(1, records).Select(i => Log(i, "message " + i)).ToList(), flushToDisk: true, default);
        return root.Layout.HistoryFile(id);
    }

    [Fact]
    public async Task Records_read_back_in_order_with_their_fields()
    {
        using var root = new TempRoot();
        await WriteHistory(root, "exec_a", 3);

        var records = await new FileSystemExecutionStore(root.Path).ReadAsync("exec_a", default);

        Assert.NotNull(records);
        Assert.Equal(["message 1", "message 2", "message 3"], records.Select(r => r.Message));
        Assert.All(records, r => Assert.Equal(ExecutionLogLevel.Info, r.Level));
    }

    [Fact]
    public async Task Each_record_is_one_json_line_ending_with_its_checksum()
    {
        using var root = new TempRoot();
        var path = await WriteHistory(root, "exec_a", 2);

        var lines = File.ReadAllLines(path);

        Assert.Equal(2, lines.Length);
        Assert.All(lines, l => Assert.Matches("^\\{\"sequence\":\\d+,.*,\"crc\":\"[0-9a-f]{8}\"\\}$", l));
        Assert.All(lines, l => System.Text.Json.JsonDocument.Parse(l).Dispose());
    }

    [Fact]
    public async Task A_torn_last_record_is_dropped_on_read()
    {
        using var root = new TempRoot();
        var path = await WriteHistory(root, "exec_a", 3);
        var bytes = File.ReadAllBytes(path);
        File.WriteAllBytes(path, bytes[..^20]); // the power went out in the middle of record 3

        var records = await new FileSystemExecutionStore(root.Path).ReadAsync("exec_a", default);

        Assert.Equal([1L, 2L], records!.Select(r => r.Sequence));
    }

    [Fact]
    public async Task Appending_after_a_torn_record_cuts_it_off_and_continues_the_sequence()
    {
        using var root = new TempRoot();
        var path = await WriteHistory(root, "exec_a", 3);
        File.WriteAllBytes(path, File.ReadAllBytes(path)[..^20]);

        using (var store = new FileSystemExecutionStore(root.Path))
        {
            await store.AppendAsync("exec_a", [Log(3, "written again")], flushToDisk: true, default);
        }
        var records = await new FileSystemExecutionStore(root.Path).ReadAsync("exec_a", default);

        Assert.Equal(["message 1", "message 2", "written again"], records!.Select(r => r.Message));
    }

    [Fact]
    public async Task A_tail_of_zero_bytes_is_treated_as_torn()
    {
        using var root = new TempRoot();
        var path = await WriteHistory(root, "exec_a", 2);
        using (var stream = new FileStream(path, FileMode.Append)) stream.Write(new byte[64]);

        var records = await new FileSystemExecutionStore(root.Path).ReadAsync("exec_a", default);

        Assert.Equal(2, records!.Count);
    }

    [Fact]
    public async Task A_changed_character_in_a_complete_record_is_an_error_naming_file_and_record()
    {
        using var root = new TempRoot();
        var path = await WriteHistory(root, "exec_a", 3);
        var text = File.ReadAllText(path).Replace("message 2", "massage 2", StringComparison.Ordinal);
        File.WriteAllText(path, text);

        var error = await Assert.ThrowsAsync<ExecutionDataException>(async () => await new FileSystemExecutionStore(root.Path).ReadAsync("exec_a", default));

        Assert.Equal(path, error.FilePath);
        Assert.Equal(2, error.Line);
        Assert.Contains("record 2", error.Message);
        Assert.Contains("checksum", error.Message);
    }

    [Fact]
    public async Task A_garbled_line_is_an_error_saying_what_was_expected()
    {
        using var root = new TempRoot();
        var path = await WriteHistory(root, "exec_a", 2);
        var lines = File.ReadAllLines(path);
        File.WriteAllText(path, lines[0] + "\nnot a record at all\n" + lines[1] + "\n");

        var error = await Assert.ThrowsAsync<ExecutionDataException>(async () => await new FileSystemExecutionStore(root.Path).ReadAsync("exec_a", default));

        Assert.Equal(2, error.Line);
        Assert.Contains("expected a JSON object ending with \"crc\"", error.Message);
    }

    [Fact]
    public async Task A_missing_record_is_an_error_about_the_sequence()
    {
        using var root = new TempRoot();
        var path = await WriteHistory(root, "exec_a", 3);
        var lines = File.ReadAllLines(path);
        File.WriteAllText(path, lines[0] + "\n" + lines[2] + "\n");

        var error = await Assert.ThrowsAsync<ExecutionDataException>(async () => await new FileSystemExecutionStore(root.Path).ReadAsync("exec_a", default));

        Assert.Equal(2, error.Line);
        Assert.Contains("sequence number 3; expected 2", error.Message);
    }

    [Fact]
    public async Task A_damaged_history_leaves_the_file_untouched_when_resume_refuses_it()
    {
        using var root = new TempRoot();
        var runner = WorkflowRunner.ForDirectory(root.Path);
        var workflow = TestWorkflow.Create("damaged", StepSpec.Sync("a", (c, _) => c.Pause("wait")));
        var paused = await runner.RunAsync(workflow);
        var path = root.Layout.HistoryFile(paused.ExecutionId);
        var damaged = File.ReadAllText(path).Replace("\"wait\"", "\"wiat\"", StringComparison.Ordinal);
        File.WriteAllText(path, damaged);

        await Assert.ThrowsAsync<ExecutionDataException>(() => runner.ResumeAsync(workflow, paused.ExecutionId));

        Assert.Equal(damaged, File.ReadAllText(path));
    }
}
