using IrlExec.Tests.Support;
using static IrlExec.Tests.Artifacts.ArtifactSupport;

namespace IrlExec.Tests.Artifacts;

public class DamagedMarkdownTests
{
    private static string Fixture => File.ReadAllText(FixturePath("hand-written-execution_state.md"));

    private static int LineOf(string text, string line) => text.Split('\n').ToList().IndexOf(line) + 1;

    private static ExecutionDataException ParseFails(string text)
    {
        using var root = new TempRoot();
        var path = Path.Combine(root.Path, "execution_state.md");
        File.WriteAllText(path, text);
        var error = Assert.Throws<ExecutionDataException>(() => ExecutionStateMarkdownParser.ReadFile(path));
        Assert.Equal(path, error.FilePath);
        Assert.StartsWith($"{path}:{error.Line}: ", error.Message, StringComparison.Ordinal);
        return error;
    }

    [Fact]
    public void An_unknown_status_names_its_line_and_the_statuses_expected()
    {
        var text = Fixture.Replace("- **status**: PAUSED", "- **status**: SLEEPING", StringComparison.Ordinal);

        var error = ParseFails(text);

        Assert.Equal(LineOf(text, "- **status**: SLEEPING"), error.Line);
        Assert.Contains("expected an execution status", error.Problem, StringComparison.Ordinal);
        Assert.Contains("'SLEEPING'", error.Problem, StringComparison.Ordinal);
    }

    [Fact]
    public void A_garbled_cost_names_its_line()
    {
        var text = Fixture.Replace("- **estimated_cost**: $0.05", "- **estimated_cost**: five cents", StringComparison.Ordinal);

        var error = ParseFails(text);

        Assert.Equal(LineOf(text, "- **estimated_cost**: five cents"), error.Line);
        Assert.Contains("expected a cost such as '$0.05'", error.Problem, StringComparison.Ordinal);
    }

    [Fact]
    public void A_garbled_duration_names_its_line()
    {
        var text = Fixture.Replace("- **actual_time**: 3s", "- **actual_time**: soon", StringComparison.Ordinal);

        var error = ParseFails(text);

        Assert.Equal(LineOf(text, "- **actual_time**: soon"), error.Line);
        Assert.Contains("expected a duration such as '3s'", error.Problem, StringComparison.Ordinal);
    }

    [Fact]
    public void A_malformed_step_heading_names_its_line()
    {
        var text = Fixture.Replace("### Step 2: Approve Safe", "### Step two: Approve Safe", StringComparison.Ordinal);

        var error = ParseFails(text);

        Assert.Equal(LineOf(text, "### Step two: Approve Safe"), error.Line);
        Assert.Contains("expected a step heading '### Step N: <Action Name>'", error.Problem, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_file_cut_inside_a_fenced_value_names_the_line_where_the_block_opens()
    {
        using var root = new TempRoot();
        var workflow = TestWorkflow.Create("fenced", StepSpec.Sync("a", (_, o) => o["report"] = "line one\nline two\nline three") with { Outputs = ["report"] });
        var result = await WorkflowRunner.ForDirectory(root.Path).RunAsync(workflow);
        var text = File.ReadAllText(root.Layout.MarkdownFile(result.ExecutionId));
        var cut = text[..(text.IndexOf("line two", StringComparison.Ordinal) + 4)];
        var fenceLine = cut.Split('\n').Select((l, i) => (l, i)).First(x => x.l.TrimStart().StartsWith("```", StringComparison.Ordinal)).i + 1;

        var error = ParseFails(cut);

        Assert.Equal(fenceLine, error.Line);
        Assert.Contains("is never closed", error.Problem, StringComparison.Ordinal);
    }

    [Fact]
    public void A_file_cut_before_the_execution_plan_says_which_section_is_missing()
    {
        var text = Fixture[..Fixture.IndexOf("## Execution Plan", StringComparison.Ordinal)];

        var error = ParseFails(text);

        Assert.Contains("expected a '## Execution Plan' section", error.Problem, StringComparison.Ordinal);
        Assert.Equal(text.TrimEnd('\n').Split('\n').Length, error.Line);
    }

    [Fact]
    public void An_empty_file_is_not_an_execution_state()
    {
        var error = ParseFails("");

        Assert.Equal(1, error.Line);
        Assert.Contains("expected the title '# Execution State: <goal>'", error.Problem, StringComparison.Ordinal);
    }

    [Fact]
    public void A_missing_execution_id_names_the_metadata_heading()
    {
        var text = Fixture.Replace("- **execution_id**: exec_20260208T004500Z_0123456789abcdef0123456789abcdef\n", "", StringComparison.Ordinal);

        var error = ParseFails(text);

        Assert.Equal(LineOf(text, "## Metadata"), error.Line);
        Assert.Contains("'- **execution_id**: ...'", error.Problem, StringComparison.Ordinal);
    }

    [Fact]
    public void A_log_entry_for_a_step_not_in_the_plan_names_its_line()
    {
        var text = Fixture.Replace("### Step 2 Execution - 2026-02-08T00:47:28Z", "### Step 9 Execution - 2026-02-08T00:47:28Z", StringComparison.Ordinal);

        var error = ParseFails(text);

        Assert.Equal(LineOf(text, "### Step 9 Execution - 2026-02-08T00:47:28Z"), error.Line);
        Assert.Contains("names step 9, which is not in '## Execution Plan'", error.Problem, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_damaged_markdown_blocks_resume_from_markdown_with_the_file_and_line()
    {
        using var root = new TempRoot();
        Directory.CreateDirectory(root.Layout.StateDirectory);
        const string id = "exec_20260208T004500Z_0123456789abcdef0123456789abcdef";
        var text = Fixture.Replace("- **mode**: EXECUTION", "- **mode**: DRY_RUN", StringComparison.Ordinal);
        File.WriteAllText(root.Layout.MarkdownFile(id), text);

        var error = await Assert.ThrowsAsync<ExecutionDataException>(() =>
            WorkflowRunner.ForDirectory(root.Path).ResumeAsync(TestWorkflow.Create("incident-approval", StepSpec.Sync("a", (_, _) => { })), id));

        Assert.Equal(root.Layout.MarkdownFile(id), error.FilePath);
        Assert.Equal(LineOf(text, "- **mode**: DRY_RUN"), error.Line);
        Assert.Equal(text, File.ReadAllText(root.Layout.MarkdownFile(id)));
    }
}
