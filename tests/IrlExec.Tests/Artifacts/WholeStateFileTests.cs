using IrlExec.Tests.Support;

namespace IrlExec.Tests.Artifacts;

/// <summary>When the whole-state files (execution_state.md, its per-execution copy, the JSON snapshot) are rewritten.</summary>
public class WholeStateFileTests
{
    private static readonly DateTimeOffset Start = new(2026, 2, 8, 0, 45, 0, TimeSpan.Zero);

    private static WorkflowDefinition Steps(int count, Action<StepContext> body) =>
        TestWorkflow.Create("steps", Enumerable.Range(1, count).Select(i => StepSpec.Sync("s" + i, (c, _) => body(c))).ToArray());

    // The tests that read the files from inside a step ask the run to wait for its views at every commit; by default
    // the views catch up in the background (ViewSchedulingTests).
    private static readonly RunOptions Waiting = new() { WaitForViews = true };

    private static int CompletedIn(string markdown) => ExecutionStateMarkdownParser.Parse(markdown).Steps.Count(s => s.Status == StepStatus.Completed);

    [Fact]
    public async Task The_markdown_and_its_workspace_copy_are_rewritten_after_every_step_when_the_run_waits_for_its_views()
    {
        using var root = new TempRoot();
        var layout = root.Layout;
        var seen = new List<(int Own, int Workspace)>();
        var workflow = Steps(6, c => seen.Add((CompletedIn(File.ReadAllText(layout.MarkdownFile(c.ExecutionId))), CompletedIn(File.ReadAllText(layout.WorkspaceStateFile)))));

        await WorkflowRunner.ForDirectory(root.Path, new ManualClock(Start)).RunAsync(workflow, options: Waiting);

        Assert.Equal([(0, 0), (1, 1), (2, 2), (3, 3), (4, 4), (5, 5)], seen);
    }

    [Fact]
    public async Task An_edit_of_the_workspace_markdown_in_place_leaves_the_executions_own_copy_as_it_was()
    {
        using var root = new TempRoot();
        var layout = root.Layout;
        var result = await WorkflowRunner.ForDirectory(root.Path, new ManualClock(Start)).RunAsync(Steps(2, _ => { }));
        var own = File.ReadAllBytes(layout.MarkdownFile(result.ExecutionId));
        Assert.Equal(own, File.ReadAllBytes(layout.WorkspaceStateFile));

        using (var inPlace = new FileStream(layout.WorkspaceStateFile, FileMode.Append, FileAccess.Write, FileShare.ReadWrite)) inPlace.Write("\nnotes added by hand\n"u8);

        Assert.Equal(own, File.ReadAllBytes(layout.MarkdownFile(result.ExecutionId)));
    }

    [Fact]
    public async Task The_snapshot_is_rewritten_after_every_step_when_the_run_waits_for_its_views()
    {
        using var root = new TempRoot();
        var layout = root.Layout;
        var seen = new List<int>();
        var workflow = Steps(4, c => seen.Add(SnapshotWriter.Read(layout.SnapshotFile(c.ExecutionId)).Steps.Count(s => s.Status == StepStatus.Completed)));

        await WorkflowRunner.ForDirectory(root.Path, new ManualClock(Start)).RunAsync(workflow, options: Waiting);

        Assert.Equal([0, 1, 2, 3], seen);
    }

    [Fact]
    public async Task A_step_start_committed_with_the_creation_or_a_completion_shows_the_step_running()
    {
        using var root = new TempRoot();
        var layout = root.Layout;
        var seen = new List<(StepStatus Markdown, StepStatus Snapshot)>();
        var workflow = Steps(3, c => seen.Add((
            ExecutionStateMarkdownParser.ReadFile(layout.MarkdownFile(c.ExecutionId)).Steps.Single(s => s.Order == c.Step.Order).Status,
            SnapshotWriter.Read(layout.SnapshotFile(c.ExecutionId)).Steps.Single(s => s.Order == c.Step.Order).Status)));

        var result = await WorkflowRunner.ForDirectory(root.Path, new ManualClock(Start)).RunAsync(workflow, options: Waiting);

        // The first step's start is committed with the execution's creation, a later step's with the previous step's
        // completion: each commit rewrites the files, which show the history as it left it, the step running.
        Assert.Equal([(StepStatus.Running, StepStatus.Running), (StepStatus.Running, StepStatus.Running), (StepStatus.Running, StepStatus.Running)], seen);
        var history = File.ReadAllLines(layout.HistoryFile(result.ExecutionId));
        Assert.Equal(3, history.Count(l => l.Contains("\"kind\":\"StepStarted\"", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task A_step_start_alone_does_not_rewrite_the_whole_state_files()
    {
        using var root = new TempRoot();
        var layout = root.Layout;
        var seen = new List<(StepStatus Markdown, StepStatus Snapshot)>();
        var workflow = Steps(2, c =>
        {
            if (c.Step.Order != 2) return;
            if (!c.IsResumed)
            {
                c.Pause("approval");
                return;
            }
            seen.Add((
                ExecutionStateMarkdownParser.ReadFile(layout.MarkdownFile(c.ExecutionId)).Steps.Single(s => s.Order == 2).Status,
                SnapshotWriter.Read(layout.SnapshotFile(c.ExecutionId)).Steps.Single(s => s.Order == 2).Status));
        });
        var runner = WorkflowRunner.ForDirectory(root.Path, new ManualClock(Start));
        var paused = await runner.RunAsync(workflow, options: Waiting);
        var before = ExecutionStateMarkdownParser.ReadFile(layout.MarkdownFile(paused.ExecutionId)).Steps.Single(s => s.Order == 2).Status;

        var result = await runner.ResumeAsync(workflow, paused.ExecutionId, options: Waiting);

        // The resume commits its own records, then the step's start alone: the files still show the step as the pause
        // left it while it runs again.
        Assert.Equal(ExecutionStatus.CompletedSuccess, result.Status);
        Assert.NotEqual(StepStatus.Running, before);
        Assert.Equal([(before, before)], seen);
    }

    [Fact]
    public async Task A_failed_attempt_rewrites_the_whole_state_files_before_its_retry()
    {
        using var root = new TempRoot();
        var layout = root.Layout;
        string? errorSeenByRetry = null;
        var attempts = 0;
        var workflow = TestWorkflow.Create("retry", StepSpec.Sync("flaky", (c, _) =>
        {
            if (++attempts == 1) throw new IOException("disk busy");
            errorSeenByRetry = ExecutionStateMarkdownParser.ReadFile(layout.MarkdownFile(c.ExecutionId)).Steps.Single().LastError;
        }) with { MaxAttempts = 2 });

        await WorkflowRunner.ForDirectory(root.Path, new ManualClock(Start)).RunAsync(workflow, options: Waiting);

        Assert.Equal("IOException: disk busy", errorSeenByRetry);
    }

    [Fact]
    public async Task At_the_end_the_markdown_and_the_snapshot_show_the_final_state()
    {
        using var root = new TempRoot();

        var result = await WorkflowRunner.ForDirectory(root.Path, new ManualClock(Start)).RunAsync(Steps(8, _ => { }));

        var markdown = ExecutionStateMarkdownParser.ReadFile(root.Layout.MarkdownFile(result.ExecutionId));
        Assert.Equal(ExecutionStatus.CompletedSuccess, markdown.Status);
        Assert.Equal(8, markdown.Steps.Count(s => s.Status == StepStatus.Completed));
        Assert.Equal(ExecutionStatus.CompletedSuccess, SnapshotWriter.Read(root.Layout.SnapshotFile(result.ExecutionId)).Status);
    }

    [Fact]
    public async Task A_paused_execution_s_files_show_where_it_stopped()
    {
        using var root = new TempRoot();
        var step = 0;

        var result = await WorkflowRunner.ForDirectory(root.Path, new ManualClock(Start)).RunAsync(Steps(8, c => { if (++step == 6) c.Pause("approval"); }));

        var written = ExecutionStateMarkdownParser.ReadFile(root.Layout.MarkdownFile(result.ExecutionId));
        Assert.Equal(ExecutionStatus.Paused, written.Status);
        Assert.Equal(5, written.Steps.Count(s => s.Status == StepStatus.Completed));
        Assert.Equal(ExecutionStatus.Paused, SnapshotWriter.Read(root.Layout.SnapshotFile(result.ExecutionId)).Status);
    }

    [Fact]
    public async Task A_cached_re_render_is_identical_to_a_fresh_render_after_every_commit()
    {
        var renderer = new ExecutionStateMarkdownWriter.Renderer();
        var compared = 0;
        var observer = new CompareObserver(state =>
        {
            var fresh = ExecutionStateMarkdownWriter.Render(state);
            Assert.Equal(fresh, renderer.Render(state));
            // The bytes the observer writes: the same text, encoded into the renderer's reused buffer.
            Assert.Equal(System.Text.Encoding.UTF8.GetBytes(fresh), renderer.RenderUtf8(state).ToArray());
            compared++;
        });
        var attempts = 0;
        var workflow = TestWorkflow.Create("cached",
            StepSpec.Sync("talk", (c, o) => { c.RecordMessage("user", "use ``` fences"); c.RecordToolCall("Bash", "echo `x`", "x"); o["a"] = "one\ntwo"; }) with { Outputs = ["a"] },
            StepSpec.Sync("flaky", (c, _) => { if (++attempts < 3) throw new IOException("try again"); c.RecordStateChange("wrote b.txt"); }) with { MaxAttempts = 3 },
            StepSpec.Sync("last", (_, o) => o["a"] = "replaced") with { Outputs = ["a"] });

        await new WorkflowRunner(new InMemoryExecutionStore(), [observer]).RunAsync(workflow, options: Waiting);

        Assert.True(compared >= 8, $"only {compared} commits compared");
    }

    [Fact]
    public async Task A_cached_snapshot_is_byte_for_byte_a_fresh_serialization_after_every_commit_across_a_pause_and_resume()
    {
        var renderer = new SnapshotRenderer();
        var compared = 0;
        var observer = new CompareObserver(state =>
        {
            var fresh = System.Text.Encoding.UTF8.GetString(System.Text.Json.JsonSerializer.SerializeToUtf8Bytes(state, IrlExec.Internal.JsonFiles.Readable.ExecutionState));
            Assert.Equal(fresh, System.Text.Encoding.UTF8.GetString(renderer.Render(state)));
            // What the writer streams to the file, through the serializer's pooled buffers.
            using var streamed = new MemoryStream();
            renderer.RenderTo(state, streamed);
            Assert.Equal(fresh, System.Text.Encoding.UTF8.GetString(streamed.ToArray()));
            compared++;
        });
        var attempts = 0;
        var workflow = TestWorkflow.Create("cached-json",
            // Non-ASCII text is written as itself (the files' encoder): the cached elements are indented byte by byte.
            StepSpec.Sync("talk", (c, o) => { c.Log("said \"hi\"\nthen left"); c.RecordMessage("user", "use ``` fences, café ✓ 😀"); c.RecordToolCall("Bash", "echo x", "x"); o["a"] = "one\ntwo café ✓ 😀"; }) with { Outputs = ["a"] },
            StepSpec.Sync("flaky", (c, _) => { if (++attempts < 3) throw new IOException("try again"); c.RecordStateChange("wrote b.txt"); }) with { MaxAttempts = 3 },
            StepSpec.Sync("wait", (c, o) => { if (!c.Variables.Contains("approved")) c.Pause("approval"); o["token"] = "s3cr3t-value"; }) with { Outputs = ["token"], SecretOutputs = ["token"] },
            StepSpec.Sync("last", (_, o) => o["a"] = "replaced") with { Outputs = ["a"] });
        var store = new InMemoryExecutionStore();

        var paused = await new WorkflowRunner(store, [observer]).RunAsync(workflow, options: Waiting);
        var approved = new VariableStore();
        approved.Set("approved", "yes");
        var result = await new WorkflowRunner(store, [observer]).ResumeAsync(workflow, paused.ExecutionId, approved, Waiting);

        Assert.Equal(ExecutionStatus.Paused, paused.Status);
        Assert.Equal(ExecutionStatus.CompletedSuccess, result.Status);
        Assert.True(compared >= 12, $"only {compared} commits compared");
    }

    [Fact]
    public void The_markdown_bytes_keep_characters_outside_the_basic_plane_whole_wherever_the_text_is_split()
    {
        // The renderer's builder grows in chunks on its first render; a chunk can end between the two halves of a
        // surrogate pair. Texts of many lengths move that boundary around.
        for (var length = 2600; length < 2640; length++)
        {
            var state = new ExecutionState { ExecutionId = "exec_emoji", Workflow = "emoji", Goal = new string('g', length % 7) };
            state.Variables.Add(new VariableState { Name = "faces", Json = "\"" + string.Concat(Enumerable.Repeat("😀", length)) + "\"" });
            var renderer = new ExecutionStateMarkdownWriter.Renderer();

            var bytes = renderer.RenderUtf8(state).ToArray();

            var expected = ExecutionStateMarkdownWriter.Render(state);
            Assert.Contains("😀😀", expected, StringComparison.Ordinal);
            Assert.Equal(System.Text.Encoding.UTF8.GetBytes(expected), bytes);
        }
    }

    [Fact]
    public void The_markdown_bytes_are_the_rendered_text_s_with_every_section_and_characters_outside_the_basic_plane_at_every_block_edge()
    {
        // RenderUtf8 encodes the cached blocks (variables, steps, the graph, log entries) straight from their strings,
        // between the short texts around them: each edge between the two is a place where a surrogate pair could break.
        var renderer = new ExecutionStateMarkdownWriter.Renderer();
        var state = new ExecutionState { ExecutionId = "exec_edges", Workflow = "edges", Goal = "😀 goal 😀", Mode = ExecutionMode.Execution };
        for (var round = 0; round < 3; round++)
        {
            state.Variables.Add(new VariableState { Name = "v" + round, Json = "\"😀" + new string('x', round) + "😀\"" });
            var order = state.Steps.Count + 1;
            state.Steps.Add(new StepState { Order = order, Name = "😀step" + order + "😀", Component = "c😀", Status = StepStatus.Completed, Inputs = [new("in", "😀")] });
            state.ExecutionLog.Add(new StepExecutionRecord { Step = order, ToolUsed = "😀", RealOutputs = [new("out", "😀" + new string('y', round))], Errors = round == 1 ? "😀 failed" : null });
            state.Training.ConversationTrace.Add(new ConversationMessage { Step = order, Role = "user", Text = "😀" });
            if (round == 1) state.PlanMigrations.Add(new PlanMigrationRecord { FromVersion = 1, ToVersion = 2, Changes = ["😀 added"], LogPosition = 1 });

            var bytes = renderer.RenderUtf8(state).ToArray();

            Assert.Equal(System.Text.Encoding.UTF8.GetBytes(ExecutionStateMarkdownWriter.Render(state)), bytes);
        }
    }

    private sealed class CompareObserver(Action<ExecutionState> check) : IExecutionObserver
    {
        public ValueTask OnCommittedAsync(ExecutionState state, IReadOnlyList<ExecutionEvent> records, CancellationToken cancellationToken)
        {
            check(state);
            return ValueTask.CompletedTask;
        }
    }
}
