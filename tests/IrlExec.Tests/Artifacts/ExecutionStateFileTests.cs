using IrlExec.Tests.Support;
using static IrlExec.Tests.Artifacts.ArtifactSupport;

namespace IrlExec.Tests.Artifacts;

public class ExecutionStateFileTests
{
    [Fact]
    public async Task A_run_writes_workspace_execution_state_md_and_a_per_execution_copy_with_the_same_text()
    {
        using var root = new TempRoot();
        var result = await WorkflowRunner.ForDirectory(root.Path).RunAsync(Incidents(), Integration());

        var workspace = File.ReadAllText(root.Layout.WorkspaceStateFile);
        var copy = File.ReadAllText(root.Layout.MarkdownFile(result.ExecutionId));

        Assert.Equal(workspace, copy);
        Assert.StartsWith("# Execution State: Approve safe incidents for finance_integration\n", workspace, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_file_has_the_template_sections_in_the_template_order()
    {
        using var root = new TempRoot();
        await WorkflowRunner.ForDirectory(root.Path).RunAsync(Incidents(), Integration());

        var headings = File.ReadAllLines(root.Layout.WorkspaceStateFile).Where(l => l.StartsWith("## ", StringComparison.Ordinal)).ToList();

        // The template's sections in its order, plus the plan graph after the plan (issue 8).
        Assert.Equal(["## Metadata", "## Variables", "## Execution Plan", "## Plan Graph", "## Execution Log", "## Training Data"], headings);
    }

    [Fact]
    public async Task Metadata_lists_the_template_fields_first_and_in_order()
    {
        using var root = new TempRoot();
        await WorkflowRunner.ForDirectory(root.Path).RunAsync(Incidents(), Integration());

        var fields = FieldNamesOfSection(File.ReadAllLines(root.Layout.WorkspaceStateFile), "## Metadata");

        Assert.Equal(["execution_id", "goal", "status", "current_step", "start_time", "last_updated", "mode"], fields.Take(7));
    }

    [Fact]
    public async Task A_step_block_lists_the_template_fields_in_order_with_declared_references()
    {
        using var root = new TempRoot();
        await WorkflowRunner.ForDirectory(root.Path).RunAsync(Incidents(), Integration());
        var lines = File.ReadAllLines(root.Layout.WorkspaceStateFile);

        var fields = FieldNamesOfSection(lines, "### Step 1: list");

        Assert.Equal(["component", "tool_mapping", "status", "inputs", "expected_outputs", "estimated_cost", "estimated_time", "side_effects"], fields.Take(8));
        Assert.Contains("  - integration: {{integration}}", lines);
        Assert.Contains("- **estimated_cost**: $0.01", lines);
        Assert.Contains("- **estimated_time**: 2s", lines);
    }

    [Fact]
    public async Task An_execution_log_block_lists_the_template_fields_in_order()
    {
        using var root = new TempRoot();
        await WorkflowRunner.ForDirectory(root.Path).RunAsync(Incidents(), Integration());
        var lines = File.ReadAllLines(root.Layout.WorkspaceStateFile);

        var heading = Assert.Single(lines, l => l.StartsWith("### Step 1 Execution - ", StringComparison.Ordinal));
        var fields = FieldNamesOfSection(lines, heading);

        Assert.Equal(["tool_used", "real_inputs", "real_outputs", "actual_cost", "actual_time", "errors", "state_changes"], fields.Take(7));
        Assert.Contains("- **actual_cost**: $0.05", lines);
    }

    [Fact]
    public async Task Training_data_lists_the_four_template_fields_in_execution_mode()
    {
        using var root = new TempRoot();
        await WorkflowRunner.ForDirectory(root.Path).RunAsync(Incidents(), Integration());

        var fields = FieldNamesOfSection(File.ReadAllLines(root.Layout.WorkspaceStateFile), "## Training Data");

        Assert.Equal(["conversation_trace", "tool_calls", "state_transitions", "performance_metrics"], fields);
    }

    [Fact]
    public async Task A_simulation_has_no_training_data_section()
    {
        using var root = new TempRoot();
        await WorkflowRunner.ForDirectory(root.Path).SimulateAsync(Incidents(), Integration());

        var text = File.ReadAllText(root.Layout.WorkspaceStateFile);

        Assert.Contains("- **mode**: SIMULATION", text, StringComparison.Ordinal);
        Assert.DoesNotContain("## Training Data", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_file_written_by_a_run_parses_back_into_the_state_the_runner_returned()
    {
        using var root = new TempRoot();
        var result = await WorkflowRunner.ForDirectory(root.Path).RunAsync(Incidents(), Integration());

        var parsed = ExecutionStateMarkdownParser.ReadFile(root.Layout.MarkdownFile(result.ExecutionId));

        Assert.Equal(Json(result.State), Json(parsed));
    }

    [Fact]
    public async Task The_file_is_current_when_the_next_step_starts_if_the_run_waits_for_its_views()
    {
        using var root = new TempRoot();
        string? seenDuringStep2 = null;
        var layout = root.Layout;
        var workflow = TestWorkflow.Create("progress",
            StepSpec.Sync("first", (_, o) => o["x"] = "1") with { Outputs = ["x"] },
            StepSpec.Sync("second", (_, _) => seenDuringStep2 = File.ReadAllText(layout.WorkspaceStateFile)));

        await WorkflowRunner.ForDirectory(root.Path).RunAsync(workflow, options: new RunOptions { WaitForViews = true });

        var during = ExecutionStateMarkdownParser.Parse(seenDuringStep2!);
        Assert.Equal(StepStatus.Completed, during.FindStep(1)!.Status);
        Assert.Equal(2, during.CurrentStep);
        Assert.Equal(ExecutionStatus.InProgress, during.Status);
        Assert.Single(during.ExecutionLog);
    }

    internal static List<string> FieldNamesOfSection(IReadOnlyList<string> lines, string heading)
    {
        var start = lines.ToList().IndexOf(heading);
        Assert.True(start >= 0, $"heading '{heading}' not found");
        var names = new List<string>();
        for (var i = start + 1; i < lines.Count && !lines[i].StartsWith('#'); i++)
        {
            if (lines[i].StartsWith("- **", StringComparison.Ordinal)) names.Add(lines[i][4..lines[i].IndexOf("**", 4, StringComparison.Ordinal)]);
        }
        return names;
    }
}
