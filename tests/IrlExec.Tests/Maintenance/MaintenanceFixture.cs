using System.Text.Json;
using IrlExec.Internal;

namespace IrlExec.Tests.Maintenance;

/// <summary>A clock that says what the test tells it to.</summary>
public sealed class FakeClock(DateTimeOffset now) : TimeProvider
{
    public DateTimeOffset Now { get; set; } = now;

    public override DateTimeOffset GetUtcNow() => Now;
}

/// <summary>A real execution root in a temporary folder, deleted after the test.</summary>
public sealed class TempExecutionRoot : IDisposable
{
    public static readonly DateTimeOffset Now = new(2026, 3, 15, 12, 0, 0, TimeSpan.Zero);

    public TempExecutionRoot()
    {
        Root = Path.Combine(Path.GetTempPath(), "irlexec-maint-" + Guid.NewGuid().ToString("N")[..12]);
        Layout = new ExecutionLayout(Root);
        Directory.CreateDirectory(Layout.ExecutionDirectory);
    }

    public string Root { get; }

    public ExecutionLayout Layout { get; }

    public FakeClock Clock { get; } = new(Now);

    public ExecutionMaintenance Maintenance(MaintenanceOptions? options = null) => new(Root, options, Clock);

    public string PathOf(string relativeToExecution) =>
        Path.Combine(Layout.ExecutionDirectory, relativeToExecution.Replace('/', Path.DirectorySeparatorChar));

    /// <summary>Writes a file under execution/ last written <paramref name="daysOld"/> days before <see cref="Now"/>.</summary>
    public string Write(string relativeToExecution, double daysOld, byte[]? contents = null)
    {
        var path = PathOf(relativeToExecution);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllBytes(path, contents ?? System.Text.Encoding.UTF8.GetBytes($"[2026-01-01T00:00:00Z] [INFO] [x] [1] {relativeToExecution}\n"));
        File.SetLastWriteTimeUtc(path, (Now - TimeSpan.FromDays(daysOld)).UtcDateTime);
        return path;
    }

    public string WriteResult(string relativeToExecution, string executionId, double daysOld) =>
        Write(relativeToExecution, daysOld, System.Text.Encoding.UTF8.GetBytes($"{{\n  \"timestamp\": \"2026-01-01T00:00:00Z\",\n  \"execution_id\": \"{executionId}\",\n  \"workflow\": \"deploy\"\n}}\n"));

    /// <summary>
    /// Records executions that have not finished (paused), the way the runtime records them: a history each. What is
    /// active comes from the histories.
    /// </summary>
    public void WriteActive(params (string ExecutionId, string Workflow, string LogFile)[] executions)
    {
        using var store = new FileSystemExecutionStore(Layout);
        foreach (var (id, workflow, log) in executions)
        {
            var started = Now.AddDays(-40);
            store.AppendAsync(id,
            [
                new ExecutionEvent { Sequence = 1, Timestamp = started, Kind = ExecutionEventKind.ExecutionCreated, ExecutionId = id, Workflow = workflow, RunLabel = Path.GetFileNameWithoutExtension(log), Mode = ExecutionMode.Execution },
                new ExecutionEvent { Sequence = 2, Timestamp = started, Kind = ExecutionEventKind.StatusChanged, FromStatus = ExecutionStatus.Planning, Status = ExecutionStatus.InProgress },
                new ExecutionEvent { Sequence = 3, Timestamp = started, Kind = ExecutionEventKind.StatusChanged, FromStatus = ExecutionStatus.InProgress, Status = ExecutionStatus.Paused, Message = "waiting" },
            ], flushToDisk: true, default).AsTask().GetAwaiter().GetResult();
        }
    }

    /// <summary>Records an execution that has finished (COMPLETED_SUCCESS) although the active list may still name it.</summary>
    public void WriteFinished(string id, string workflow, string log)
    {
        using var store = new FileSystemExecutionStore(Layout);
        var started = Now.AddDays(-40);
        store.AppendAsync(id,
        [
            new ExecutionEvent { Sequence = 1, Timestamp = started, Kind = ExecutionEventKind.ExecutionCreated, ExecutionId = id, Workflow = workflow, RunLabel = Path.GetFileNameWithoutExtension(log), Mode = ExecutionMode.Execution },
            new ExecutionEvent { Sequence = 2, Timestamp = started, Kind = ExecutionEventKind.StatusChanged, FromStatus = ExecutionStatus.Planning, Status = ExecutionStatus.InProgress },
            new ExecutionEvent { Sequence = 3, Timestamp = started, Kind = ExecutionEventKind.StatusChanged, FromStatus = ExecutionStatus.InProgress, Status = ExecutionStatus.CompletedSuccess },
        ], flushToDisk: true, default).AsTask().GetAwaiter().GetResult();
    }

    /// <summary>Writes an active list naming executions, as a run that stopped before its views finished leaves it.</summary>
    public void WriteActiveList(params (string ExecutionId, string Workflow, string LogFile)[] executions)
    {
        var document = new ActiveWorkflowsDocument { LastUpdated = Now };
        foreach (var (id, workflow, log) in executions)
        {
            document.Workflows.Add(new ActiveWorkflowEntry
            {
                ExecutionId = id, Workflow = workflow, Started = Now.AddDays(-40), Status = ExecutionStatus.InProgress,
                CurrentStep = 2, Mode = ExecutionMode.Execution, LogFile = log, Actor = "human:test",
            });
        }
        Directory.CreateDirectory(Layout.ActiveDirectory);
        File.WriteAllBytes(Layout.ActiveWorkflowsFile, JsonSerializer.SerializeToUtf8Bytes(document, IndentedJsonContext.Default.ActiveWorkflowsDocument));
    }

    /// <summary>Every file under <paramref name="directory"/>: relative path → (bytes, last write time), plus every folder.</summary>
    public static TreeSnapshot Snapshot(string directory)
    {
        var files = new SortedDictionary<string, (byte[] Bytes, DateTime LastWrite)>(StringComparer.Ordinal);
        foreach (var file in Directory.EnumerateFiles(directory, "*", SearchOption.AllDirectories))
        {
            files[Path.GetRelativePath(directory, file).Replace('\\', '/')] = (File.ReadAllBytes(file), File.GetLastWriteTimeUtc(file));
        }
        var folders = Directory.EnumerateDirectories(directory, "*", SearchOption.AllDirectories)
            .Select(d => Path.GetRelativePath(directory, d).Replace('\\', '/'))
            .Order(StringComparer.Ordinal)
            .ToList();
        return new TreeSnapshot(files, folders);
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(Root, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}

public sealed record TreeSnapshot(SortedDictionary<string, (byte[] Bytes, DateTime LastWrite)> Files, List<string> Folders)
{
    /// <summary>Asserts the same relative paths, bytes and last write times (to the second) as <paramref name="other"/>.</summary>
    public void AssertSameAs(TreeSnapshot other)
    {
        Assert.Equal(Files.Keys, other.Files.Keys);
        Assert.Equal(Folders, other.Folders);
        foreach (var (path, (bytes, lastWrite)) in Files)
        {
            Assert.True(bytes.AsSpan().SequenceEqual(other.Files[path].Bytes), $"{path}: the bytes differ");
            Assert.True(Math.Abs((lastWrite - other.Files[path].LastWrite).TotalSeconds) < 1, $"{path}: last write {lastWrite:O} vs {other.Files[path].LastWrite:O}");
        }
    }
}
