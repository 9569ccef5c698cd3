using System.Text.RegularExpressions;

namespace IrlExec.EndToEnd.Tests;

/// <summary>
/// A real process killed (SIGKILL, by itself, at an exact point) in every phase of a step and of the end, then resumed
/// or repaired by fresh processes: every side effect happened once, and every view (the result, the active list, the
/// manifest row, the snapshot, both markdown files) agrees with the history, which is the only record.
/// </summary>
public sealed class ViewsAfterCrashTests : IDisposable
{
    private const string Harness = "IrlExec.CrashHarness";
    private const int Sigkill = 137;
    private static readonly string[] StepNames = ["gather", "compose", "publish", "summarize"];
    private readonly string _root = Directory.CreateTempSubdirectory("irlexec-crash-views-").FullName;

    public void Dispose()
    {
        try { Directory.Delete(_root, recursive: true); } catch (IOException) { }
    }

    private ExecutionLayout Layout => new(_root);

    // Each phase: where the process dies, and how the execution is brought back (a resume continues an unfinished one;
    // a finished one is brought back by a resume, by 'repair', or by the next runner that opens the root).
    public static TheoryData<string, string> Phases() => new()
    {
        { "step-start:2", "resume" },        // the step's start is in the history, nothing else of it
        { "after-effect:2", "resume" },      // the step did its side effect; its completion was never recorded
        { "torn-commit:3", "resume" },       // killed while writing the step's completion: a torn tail
        { "after-record:3", "resume" },      // the step's completion is in the history, its views were not written
        { "after-completion", "resume" },    // COMPLETED_SUCCESS is in the history, no view shows it
        { "after-completion", "repair" },
        { "after-completion", "other" },
        { "views:1", "repair" },             // killed while the views show the completion: after the active list
        { "views:3", "resume" },             // ... after the snapshot and the log
        { "views:5", "other" },              // ... after the markdown and the manifest, before the result
        { "views:6", "repair" },             // ... after the result, before the execution left the active list
    };

    [Theory]
    [MemberData(nameof(Phases))]
    public async Task After_a_kill_every_view_agrees_with_the_history_once_resumed_or_repaired(string killAt, string recovery)
    {
        var (killedExit, killedOutput) = await SampleProcess.RunToEndAsync(Harness, "run", "--root", _root, "--kill-at", killAt);
        Assert.True(killedExit == Sigkill, $"the run was not killed at {killAt}: exit {killedExit}: {killedOutput}");
        var id = ExecutionId();
        var finished = HistoryStatus(id) == "COMPLETED_SUCCESS";
        Assert.Equal(killAt.StartsWith("after-completion", StringComparison.Ordinal) || killAt.StartsWith("views", StringComparison.Ordinal), finished);

        var (exitCode, output) = recovery switch
        {
            "resume" => await SampleProcess.RunToEndAsync(Harness, "resume", id, "--root", _root),
            "repair" => await SampleProcess.RunToEndAsync(Harness, "repair", "--root", _root),
            _ => await SampleProcess.RunToEndAsync(Harness, "other", "--root", _root),
        };

        Assert.True(exitCode == 0, output);
        if (finished && recovery == "resume") Assert.Contains("repaired: ", output); // nothing ran: its views were rewritten
        AssertSideEffectsOnce(id);
        AssertViewsAgreeWithHistory(id);
    }

    private void AssertSideEffectsOnce(string id)
    {
        var effects = File.ReadAllLines(Path.Combine(_root, "workspace", "side-effects.log"));
        Assert.Equal(StepNames.Select((name, i) => $"{id}/{i + 1} {name}"), effects);
    }

    private void AssertViewsAgreeWithHistory(string id)
    {
        var history = ExecutionStateProjector.Replay(File.ReadAllLines(Layout.HistoryFile(id)).Length > 0
            ? HistoryCodec.Decode(File.ReadAllBytes(Layout.HistoryFile(id)), Layout.HistoryFile(id)).Records
            : []);
        Assert.Equal(ExecutionStatus.CompletedSuccess, history.Status);
        Assert.All(history.Steps, s => Assert.Equal(StepStatus.Completed, s.Status));
        Assert.Equal(1, Regex.Count(File.ReadAllText(Layout.HistoryFile(id)), "\"status\":\"COMPLETED_SUCCESS\""));

        // The result.
        var result = ResultWriter.Read(Layout.ResultFile("crash-harness", history.RunLabel));
        Assert.Equal(id, result.ExecutionId);
        Assert.Equal(ExecutionStatus.CompletedSuccess, result.Status);
        Assert.Equal(history.LastUpdated, result.Timestamp);
        Assert.Equal(4, result.Metrics.StepsCompleted);

        // The active list: a finished execution is not in it.
        Assert.DoesNotContain(ActiveWorkflowsWriter.Read(Layout.ActiveWorkflowsFile)?.Workflows ?? [], w => w.ExecutionId == id);

        // The manifest: its row is under Completed Workflows, marked complete, and not under Active Workflows.
        var manifest = ExecutionManifest.Read(Layout.ManifestFile);
        var log = Layout.RelativeToExecution(Layout.LogFile(history.RunLabel));
        var resultKey = Layout.RelativeToExecution(Layout.ResultFile("crash-harness", history.RunLabel));
        Assert.DoesNotContain(manifest.Active, r => r.File == log);
        Assert.Equal(ExecutionManifest.Complete, Assert.Single(manifest.Completed, r => r.File == resultKey).Status);

        // The snapshot and both markdown files show the history's state.
        AssertShowsHistory(SnapshotWriter.Read(Layout.SnapshotFile(id)), history, Layout.SnapshotFile(id));
        AssertShowsHistory(ExecutionStateMarkdownParser.ReadFile(Layout.MarkdownFile(id)), history, Layout.MarkdownFile(id));
        var workspace = ExecutionStateMarkdownParser.ReadFile(Layout.WorkspaceStateFile);
        if (workspace.ExecutionId == id) AssertShowsHistory(workspace, history, Layout.WorkspaceStateFile);

        // And the product's own comparison finds nothing left to repair.
        var check = new ViewRepair(Layout).Check();
        Assert.True(check.Findings.All(f => f.IsWarning), string.Join("\n", check.Findings));
    }

    private static void AssertShowsHistory(ExecutionState view, ExecutionState history, string file)
    {
        Assert.True(view.Status == history.Status, $"{file} shows {view.Status}, the history {history.Status}");
        Assert.True(view.LastUpdated == history.LastUpdated, $"{file} was last updated {view.LastUpdated:O}, the history {history.LastUpdated:O}");
        Assert.Equal(history.Steps.Select(s => (s.Order, s.Status, s.Attempts)), view.Steps.Select(s => (s.Order, s.Status, s.Attempts)));
    }

    private string ExecutionId() =>
        Path.GetFileName(Assert.Single(Directory.GetFiles(Layout.StateDirectory, "*.history.jsonl")))[..^".history.jsonl".Length];

    private string HistoryStatus(string id) =>
        Regex.Matches(File.ReadAllText(Layout.HistoryFile(id)), "\"kind\":\"StatusChanged\".*?\"status\":\"([A-Z_]+)\"").Last().Groups[1].Value;
}
