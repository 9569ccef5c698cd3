namespace IrlExec.Tests.Planning;

/// <summary>The Mermaid plan graph written into execution_state.md after the Execution Plan.</summary>
public sealed class PlanGraphTests
{
    private static ExecutionState State() => new()
    {
        ExecutionId = "exec_1",
        Workflow = "nightly-report",
        Goal = "Publish the nightly report",
        Status = ExecutionStatus.Paused,
        CurrentStep = 3,
        PlanFingerprint = "00112233aabbccdd",
        Steps =
        [
            new StepState { Order = 1, Name = "collect", Status = StepStatus.Completed, Inputs = [new("tables_file", "{{data_dir}}/tables.txt")], ExpectedOutputs = [new("counts", "List<TableCount>")] },
            new StepState { Order = 2, Name = "summarize", Status = StepStatus.Completed, Inputs = [new("counts", "{{counts}}"), new("day", "{{day}}")], ExpectedOutputs = [new("report", "string")] },
            new StepState { Order = 3, Name = "publish", Status = StepStatus.Failed, Inputs = [new("report", "{{report}}"), new("report_file", "{{data_dir}}/reports/{{day}}.md")], ExpectedOutputs = [new("published_to", "string")] },
        ],
    };

    [Fact]
    public void The_graph_shows_steps_in_order_the_variables_between_them_and_the_current_step()
    {
        Assert.Equal("""
            ```mermaid
            flowchart TD
                s1["1. collect"]
                s2["2. summarize"]
                s3["3. publish"]
                v_data_dir(["data_dir"])
                v_day(["day"])
                v_data_dir -->|data_dir| s1
                s1 -.-> s2
                s1 -->|counts| s2
                v_day -->|day| s2
                s2 -.-> s3
                s2 -->|report| s3
                v_data_dir -->|data_dir| s3
                v_day -->|day| s3
                classDef done fill:#d1fae5,stroke:#047857
                classDef current fill:#fde68a,stroke:#b45309,stroke-width:3px
                class s1,s2 done
                class s3 current
            ```

            """.Replace("\r\n", "\n"), PlanGraph.ToMermaid(State()));
    }

    [Fact]
    public void A_finished_execution_has_no_current_step_and_its_last_step_is_done()
    {
        var state = State();
        state.Status = ExecutionStatus.CompletedSuccess;
        state.Steps[2].Status = StepStatus.Completed;

        var graph = PlanGraph.ToMermaid(state);

        Assert.Contains("    class s1,s2,s3 done\n", graph);
        Assert.DoesNotContain(" current\n```", graph);
        Assert.DoesNotContain("class s3 current", graph);
    }

    [Fact]
    public void A_failed_execution_marks_its_completed_steps_done_and_none_current()
    {
        var state = State();
        state.Status = ExecutionStatus.CompletedFailure;

        var graph = PlanGraph.ToMermaid(state);

        Assert.Contains("    class s1,s2 done\n", graph);
        Assert.DoesNotContain("class s3 current", graph);
    }

    [Fact]
    public void A_variable_read_by_two_inputs_of_a_step_gets_one_arrow()
    {
        var state = State();
        state.Steps[0].Inputs = [new("folder", "{{root}}/quarantine/{{integration}}"), new("integration", "{{integration}}"), new("again", "{{integration}}-{{integration}}")];

        var graph = PlanGraph.ToMermaid(state);

        Assert.Single(graph.Split('\n'), l => l == "    v_integration -->|integration| s1");
        Assert.Single(graph.Split('\n'), l => l == "    v_integration([\"integration\"])");
    }

    [Fact]
    public void The_markdown_has_the_graph_after_the_plan_and_parses_back_without_it()
    {
        var markdown = ExecutionStateMarkdownWriter.Render(State());

        var graph = markdown.IndexOf("\n## Plan Graph\n\n```mermaid\n", StringComparison.Ordinal);
        Assert.True(markdown.IndexOf("\n## Execution Plan\n", StringComparison.Ordinal) < graph && graph < markdown.IndexOf("\n## Execution Log\n", StringComparison.Ordinal));
        Assert.Contains("- **plan_fingerprint**: 00112233aabbccdd", markdown);
        var parsed = ExecutionStateMarkdownParser.Parse(markdown);
        Assert.Equal(["collect", "summarize", "publish"], parsed.Steps.Select(s => s.Name));
        Assert.Equal(3, parsed.CurrentStep);
        Assert.Equal("00112233aabbccdd", parsed.PlanFingerprint);
    }
}
