using IrlExec.Analyzers.Tests.Infrastructure;

namespace IrlExec.Analyzers.Tests;

/// <summary>IRL0005, IRL0006, IRL0007, IRL0010, IRL0015: variables flowing from [Variable]s and [Output]s to [Input]s.</summary>
public class VariableFlowTests
{
    private static string Workflow(string steps, string goal = "Goal for {{integration}}") => $$"""
        namespace Demo;

        [Workflow("demo", Goal = "{{goal}}")]
        public partial class Demo
        {
            [Variable] public required string Integration { get; init; }

        {{steps}}
        }
        """;

    private static string Step(int order, string name, string members) => $$"""
            [Step({{order}})]
            public partial class {{name}} : IStep
            {
        {{members}}
                public ValueTask ExecuteAsync(StepContext context, CancellationToken cancellationToken) => ValueTask.CompletedTask;
            }
        """;

    private static string Message(IReadOnlyList<Microsoft.CodeAnalysis.Diagnostic> diagnostics) =>
        diagnostics.Single().GetMessage(System.Globalization.CultureInfo.InvariantCulture);

    [Fact]
    public void Unknown_explicit_input_name_is_reported_on_the_name_with_a_suggestion()
    {
        var diagnostics = AnalyzerHarness.Verify(Workflow(
            Step(1, "List", "        [Output] public List<string> Incidents { get; set; } = [];") +
            Step(2, "Approve", """        [Input("{|IRL0005:incidnts|}")] public List<string> Candidates { get; set; } = [];""")));
        Assert.Equal("Input 'Candidates' of step 2 'Approve' reads variable 'incidnts', which no [Variable] and no step's [Output] provides; did you mean 'incidents'?", Message(diagnostics));
        Assert.Equal("incidents", diagnostics.Single().Properties["Suggestion"]);
    }

    [Fact]
    public void Unknown_implicit_input_name_is_reported_on_the_property()
    {
        var diagnostics = AnalyzerHarness.Verify(Workflow(
            Step(1, "List", "        [Input] public string {|IRL0005:Integraton|} { get; set; } = \"\";")));
        Assert.Equal("integration", diagnostics.Single().Properties["Suggestion"]);
        Assert.Equal("true", diagnostics.Single().Properties["ImplicitName"]);
    }

    [Fact]
    public void Unknown_name_with_nothing_close_says_how_to_declare_it()
    {
        var diagnostics = AnalyzerHarness.Verify(Workflow(
            Step(1, "List", """        [Input("{|IRL0005:customer_account_id|}")] public string Account { get; set; } = "";""")));
        Assert.Equal("Input 'Account' of step 1 'List' reads variable 'customer_account_id', which no [Variable] and no step's [Output] provides; declare it with [Variable] on the workflow or [Output] on an earlier step", Message(diagnostics));
        Assert.False(diagnostics.Single().Properties.ContainsKey("Suggestion"));
    }

    [Fact]
    public void Unknown_variable_in_an_input_template_is_reported_on_the_name_inside_the_template()
    {
        AnalyzerHarness.Verify(Workflow(
            Step(1, "List", """        [Input(Template = "workspace/{{{|IRL0005:integraton|}}}/out.txt")] public string Path { get; set; } = "";""")));
    }

    [Fact]
    public void Unknown_variable_in_the_goal_is_reported()
    {
        var diagnostics = AnalyzerHarness.Verify(Workflow(
            Step(1, "List", "        [Input] public string Integration { get; set; } = \"\";"),
            goal: "Goal for {{{|IRL0005:integrations|}}}"));
        Assert.StartsWith("The workflow goal reads variable 'integrations'", Message(diagnostics), StringComparison.Ordinal);
    }

    [Fact]
    public void Input_bound_to_a_later_steps_output_is_used_before_produced()
    {
        var diagnostics = AnalyzerHarness.Verify(Workflow(
            Step(1, "Approve", """        [Input("{|IRL0006:incidents|}")] public List<string> Candidates { get; set; } = [];""") +
            Step(2, "List", "        [Output] public List<string> Incidents { get; set; } = [];")));
        Assert.Equal("Input 'Candidates' of step 1 'Approve' reads variable 'incidents', which is only produced later, by step 2 'List'. Read it in a later step, or produce it in an earlier one.", Message(diagnostics));
    }

    [Fact]
    public void Input_bound_to_its_own_steps_output_is_used_before_produced()
    {
        AnalyzerHarness.Verify(Workflow(
            Step(1, "Count", """
                    [Input("{|IRL0006:total|}")] public int Previous { get; set; }
                    [Output] public int Total { get; set; }
            """)));
    }

    [Fact]
    public void Template_reference_to_a_later_output_is_used_before_produced()
    {
        AnalyzerHarness.Verify(Workflow(
            Step(1, "Announce", """        [Input(Template = "{{{|IRL0006:summary|}}} for {{integration}}")] public string Text { get; set; } = "";""") +
            Step(2, "Summarize", "        [Output] public string Summary { get; set; } = \"\";")));
    }

    [Fact]
    public void Input_whose_type_cannot_receive_the_output_type_is_a_type_mismatch()
    {
        var diagnostics = AnalyzerHarness.Verify(Workflow(
            Step(1, "List", "        [Output] public List<string> Incidents { get; set; } = [];") +
            Step(2, "Approve", """        [Input("incidents")] public {|IRL0007:string|} Candidates { get; set; } = "";""")));
        Assert.Equal("Input 'Candidates' of step 2 'Approve' has type 'string', but variable 'incidents' is produced as 'System.Collections.Generic.List<string>' by step 1 'List'. Change the input's type to 'System.Collections.Generic.List<string>', or read another variable.", Message(diagnostics));
    }

    [Fact]
    public void Narrowing_numeric_input_is_a_type_mismatch()
    {
        AnalyzerHarness.Verify(Workflow(
            Step(1, "Count", "        [Output] public long Total { get; set; }") +
            Step(2, "Use", "        [Input] public {|IRL0007:int|} Total { get; set; }")));
    }

    [Fact]
    public void Input_with_a_different_type_than_the_variable_is_a_type_mismatch()
    {
        AnalyzerHarness.Verify(Workflow(
            Step(1, "Use", "        [Input] public {|IRL0007:int|} Integration { get; set; }")));
    }

    [Fact]
    public void Widening_nullable_and_interface_inputs_are_accepted()
    {
        AnalyzerHarness.Verify(Workflow(
            Step(1, "Produce", """
                    [Output] public int Count { get; set; }
                    [Output] public List<string> Names { get; set; } = [];
                    [Output] public string? Note { get; set; }
            """) +
            Step(2, "Consume", """
                    [Input("count")] public long Wide { get; set; }
                    [Input("count")] public int? Maybe { get; set; }
                    [Input("names")] public IReadOnlyList<string> View { get; set; } = [];
                    [Input("note")] public string Note { get; set; } = "";
            """)));
    }

    [Fact]
    public void Two_steps_publishing_the_same_variable_is_a_warning_on_the_later_one()
    {
        var diagnostics = AnalyzerHarness.Verify(Workflow(
            Step(1, "First", "        [Output] public string Summary { get; set; } = \"\";") +
            Step(2, "Second", "        [Output] public string {|IRL0010:Summary|} { get; set; } = \"\";")));
        Assert.Equal(Microsoft.CodeAnalysis.DiagnosticSeverity.Warning, diagnostics.Single().Severity);
        Assert.Equal("Step 2 'Second' publishes variable 'summary', which step 1 'First' already publishes: the later value silently replaces the earlier one. Give one of the outputs another name, e.g. [Output(\"summary_2\")].", Message(diagnostics));
    }

    [Fact]
    public void Explicit_output_name_clash_is_reported_on_the_name()
    {
        AnalyzerHarness.Verify(Workflow(
            Step(1, "First", "        [Output] public string Summary { get; set; } = \"\";") +
            Step(2, "Second", """        [Output("{|IRL0010:summary|}")] public string Text { get; set; } = "";""")));
    }

    [Fact]
    public void A_later_step_reads_the_latest_earlier_producer()
    {
        // "total" is published by step 1 as int and by step 2 as string; step 3 reads step 2's string.
        AnalyzerHarness.Verify(Workflow(
            Step(1, "First", "        [Output] public int Total { get; set; }") +
            Step(2, "Second", "        [Output(\"{|IRL0010:total|}\")] public string Text { get; set; } = \"\";") +
            Step(3, "Third", "        [Input] public string Total { get; set; } = \"\";")));
    }

    [Theory]
    [InlineData("workspace/{{integration/out.txt", "'{{' at offset 10 has no matching '}}'.")]
    [InlineData("workspace/integration}}/out.txt", "'}}' at offset 21 has no matching '{{'.")]
    [InlineData("workspace/{{ }}/out.txt", "Empty variable name in '{{}}' at offset 10.")]
    [InlineData("workspace/{{Integration}}/out.txt", "'Integration' at offset 10 is not a valid variable name (use snake_case: lowercase letters, digits, underscores).")]
    public void Malformed_input_template_is_reported_on_the_template(string template, string problem)
    {
        var diagnostics = AnalyzerHarness.Verify(Workflow(
            Step(1, "Write", $$"""        [Input(Template = {|IRL0015:"{{template}}"|})] public string Path { get; set; } = "";""")));
        Assert.Equal($"Template \"{template}\" is malformed. {problem} Write each variable as {{{{name}}}} with a snake_case name.", Message(diagnostics));
    }

    [Fact]
    public void Malformed_goal_is_reported_on_the_goal()
    {
        AnalyzerHarness.Verify("""
            namespace Demo;

            [Workflow("demo", Goal = {|IRL0015:"Approve {{integration"|})]
            public partial class Demo
            {
                [Variable] public required string Integration { get; init; }

                [Step(1)]
                public partial class Only : IStep
                {
                    public ValueTask ExecuteAsync(StepContext context, CancellationToken cancellationToken) => ValueTask.CompletedTask;
                }
            }
            """);
    }
}
