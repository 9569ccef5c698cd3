using IrlExec.Analyzers.Tests.Infrastructure;

namespace IrlExec.Analyzers.Tests;

/// <summary>IRL0005, IRL0006, IRL0007, IRL0010, IRL0015: variables flowing from [Variable]s and [Output]s to [Input]s.</summary>
public class VariableFlowTests
{
    /// <summary>A JsonSerializerContext stand-in: these compilations do not run the System.Text.Json generator.</summary>
    private const string DemoJson = """
        namespace Demo
        {
            public sealed class DemoJson : System.Text.Json.Serialization.JsonSerializerContext
            {
                public DemoJson() : base(null) { }
                public static DemoJson Default { get; } = new();
                protected override System.Text.Json.JsonSerializerOptions? GeneratedSerializerOptions => null;
                public override System.Text.Json.Serialization.Metadata.JsonTypeInfo? GetTypeInfo(Type type) => null;
            }

            public sealed record Incident(string Id);
        }
        """;

    private static string Workflow(string steps, string goal = "Goal for {{integration}}", string json = "") => $$"""
        {{(json.Length > 0 ? DemoJson : "")}}
        namespace Demo
        {
        [Workflow("demo", Goal = "{{goal}}"{{json}})]
        public partial class Demo
        {
            [Variable] public required string Integration { get; init; }

        {{steps}}
        }
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

    [Fact]
    public async Task Unknown_explicit_input_name_is_reported_on_the_name_with_a_suggestion()
    {
        // The suggestion is also what the code fix writes (CodeFixTests).
        await Verify.Analyzer(Workflow(
            Step(1, "List", "        [Output] public List<string> Incidents { get; set; } = [];") +
            Step(2, "Approve", """        [Input("{|#0:incidnts|}")] public List<string> Candidates { get; set; } = [];""")),
            Verify.Diagnostic("IRL0005").WithLocation(0).WithMessage("Input 'Candidates' of step 2 'Approve' reads variable 'incidnts', which no [Variable] and no step's [Output] provides; did you mean 'incidents'?"));
    }

    [Fact]
    public async Task Unknown_implicit_input_name_is_reported_on_the_property()
    {
        // The fix of an implicit name names the input explicitly (CodeFixTests).
        await Verify.Analyzer(Workflow(
            Step(1, "List", "        [Input] public string {|#0:Integraton|} { get; set; } = \"\";")),
            Verify.Diagnostic("IRL0005").WithLocation(0).WithMessage("Input 'Integraton' of step 1 'List' reads variable 'integraton', which no [Variable] and no step's [Output] provides; did you mean 'integration'?"));
    }

    [Fact]
    public async Task Unknown_name_with_nothing_close_says_how_to_declare_it()
    {
        // Nothing to suggest, so no code fix is offered (CodeFixTests).
        await Verify.Analyzer(Workflow(
            Step(1, "List", """        [Input("{|#0:customer_account_id|}")] public string Account { get; set; } = "";""")),
            Verify.Diagnostic("IRL0005").WithLocation(0).WithMessage("Input 'Account' of step 1 'List' reads variable 'customer_account_id', which no [Variable] and no step's [Output] provides; declare it with [Variable] on the workflow or [Output] on an earlier step"));
    }

    [Fact]
    public async Task Unknown_variable_in_an_input_template_is_reported_on_the_name_inside_the_template()
    {
        await Verify.Analyzer(Workflow(
            Step(1, "List", """        [Input(Template = "workspace/{{{|IRL0005:integraton|}}}/out.txt")] public string Path { get; set; } = "";""")));
    }

    [Fact]
    public async Task Unknown_variable_in_the_goal_is_reported()
    {
        await Verify.Analyzer(Workflow(
            Step(1, "List", "        [Input] public string Integration { get; set; } = \"\";"),
            goal: "Goal for {{{|#0:integrations|}}}"),
            Verify.Diagnostic("IRL0005").WithLocation(0).WithMessage("The workflow goal reads variable 'integrations', which no [Variable] and no step's [Output] provides; did you mean 'integration'?"));
    }

    [Fact]
    public async Task Input_bound_to_a_later_steps_output_is_used_before_produced()
    {
        await Verify.Analyzer(Workflow(
            Step(1, "Approve", """        [Input("{|#0:incidents|}")] public List<string> Candidates { get; set; } = [];""") +
            Step(2, "List", "        [Output] public List<string> Incidents { get; set; } = [];")),
            Verify.Diagnostic("IRL0006").WithLocation(0).WithMessage("Input 'Candidates' of step 1 'Approve' reads variable 'incidents', which is only produced later, by step 2 'List'. Read it in a later step, or produce it in an earlier one."));
    }

    [Fact]
    public async Task Input_bound_to_its_own_steps_output_is_used_before_produced()
    {
        await Verify.Analyzer(Workflow(
            Step(1, "Count", """
                    [Input("{|IRL0006:total|}")] public int Previous { get; set; }
                    [Output] public int Total { get; set; }
            """)));
    }

    [Fact]
    public async Task Template_reference_to_a_later_output_is_used_before_produced()
    {
        await Verify.Analyzer(Workflow(
            Step(1, "Announce", """        [Input(Template = "{{{|IRL0006:summary|}}} for {{integration}}")] public string Text { get; set; } = "";""") +
            Step(2, "Summarize", "        [Output] public string Summary { get; set; } = \"\";")));
    }

    [Fact]
    public async Task Input_whose_type_cannot_receive_the_output_type_is_a_type_mismatch()
    {
        await Verify.Analyzer(Workflow(
            Step(1, "List", "        [Output] public List<string> Incidents { get; set; } = [];") +
            Step(2, "Approve", """        [Input("incidents")] public {|#0:string|} Candidates { get; set; } = "";""")),
            Verify.Diagnostic("IRL0007").WithLocation(0).WithMessage("Input 'Candidates' of step 2 'Approve' has type 'string', but variable 'incidents' is produced as 'System.Collections.Generic.List<string>' by step 1 'List'. Change the input's type to 'System.Collections.Generic.List<string>', or read another variable."));
    }

    [Fact]
    public async Task Narrowing_numeric_input_is_a_type_mismatch()
    {
        await Verify.Analyzer(Workflow(
            Step(1, "Count", "        [Output] public long Total { get; set; }") +
            Step(2, "Use", "        [Input] public {|IRL0007:int|} Total { get; set; }")));
    }

    [Fact]
    public async Task Input_with_a_different_type_than_the_variable_is_a_type_mismatch()
    {
        await Verify.Analyzer(Workflow(
            Step(1, "Use", "        [Input] public {|IRL0007:int|} Integration { get; set; }")));
    }

    [Fact]
    public async Task Widening_nullable_and_interface_inputs_are_accepted()
    {
        await Verify.Analyzer(Workflow(
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
            """), json: ", JsonContext = typeof(DemoJson)"));
    }

    [Fact]
    public async Task Two_steps_publishing_the_same_variable_is_a_warning_on_the_later_one()
    {
        // Verify.Diagnostic checks the descriptor's severity, a warning.
        await Verify.Analyzer(Workflow(
            Step(1, "First", "        [Output] public string Summary { get; set; } = \"\";") +
            Step(2, "Second", "        [Output] public string {|#0:Summary|} { get; set; } = \"\";")),
            Verify.Diagnostic("IRL0010").WithLocation(0).WithMessage("Step 2 'Second' publishes variable 'summary', which step 1 'First' already publishes: the later value silently replaces the earlier one. Give one of the outputs another name, e.g. [Output(\"summary_2\")]."));
    }

    [Fact]
    public async Task Explicit_output_name_clash_is_reported_on_the_name()
    {
        await Verify.Analyzer(Workflow(
            Step(1, "First", "        [Output] public string Summary { get; set; } = \"\";") +
            Step(2, "Second", """        [Output("{|IRL0010:summary|}")] public string Text { get; set; } = "";""")));
    }

    [Fact]
    public async Task A_later_step_reads_the_latest_earlier_producer()
    {
        // "total" is published by step 1 as int and by step 2 as string; step 3 reads step 2's string.
        await Verify.Analyzer(Workflow(
            Step(1, "First", "        [Output] public int Total { get; set; }") +
            Step(2, "Second", "        [Output(\"{|IRL0010:total|}\")] public string Text { get; set; } = \"\";") +
            Step(3, "Third", "        [Input] public string Total { get; set; } = \"\";")));
    }

    [Theory]
    [InlineData("workspace/{{integration/out.txt", "'{{' at offset 10 has no matching '}}'.")]
    [InlineData("workspace/integration}}/out.txt", "'}}' at offset 21 has no matching '{{'.")]
    [InlineData("workspace/{{ }}/out.txt", "Empty variable name in '{{}}' at offset 10.")]
    [InlineData("workspace/{{Integration}}/out.txt", "'Integration' at offset 10 is not a valid variable name (use snake_case: lowercase letters, digits, underscores).")]
    public async Task Malformed_input_template_is_reported_on_the_template(string template, string problem)
    {
        await Verify.Analyzer(Workflow(
            Step(1, "Write", $$"""        [Input(Template = {|#0:"{{template}}"|})] public string Path { get; set; } = "";""")),
            Verify.Diagnostic("IRL0015").WithLocation(0).WithMessage($"Template \"{template}\" is malformed. {problem} Write each variable as {{{{name}}}} with a snake_case name."));
    }

    [Fact]
    public async Task Malformed_goal_is_reported_on_the_goal()
    {
        await Verify.Analyzer("""
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

    [Fact]
    public async Task Type_without_JSON_metadata_and_no_JsonContext_is_reported_on_the_type()
    {
        await Verify.Analyzer(DemoJson + Workflow(
            Step(1, "List", "        [Output] public {|#0:List<Incident>|} Incidents { get; set; } = [];") +
            Step(2, "Use", "        [Input] public {|IRL0019:IReadOnlyList<Incident>|} Incidents { get; set; } = [];"),
            goal: "Goal")
            .Replace("public required string Integration", "public required {|IRL0019:Incident|} Integration", StringComparison.Ordinal),
            Verify.Diagnostic("IRL0019").WithLocation(0).WithMessage("Output 'Incidents' of step 'List' has type 'System.Collections.Generic.List<Demo.Incident>', which IrlExec cannot serialize without a JsonContext. Set JsonContext on [Workflow] to a JsonSerializerContext with [JsonSerializable(typeof(System.Collections.Generic.List<Demo.Incident>))], or use a built-in type (string, int, long, bool, double, decimal, DateTime, DateTimeOffset, Guid, List<string>)."));
    }

    [Fact]
    public async Task Types_with_a_JsonContext_and_built_in_types_are_accepted()
    {
        await Verify.Analyzer(Workflow(
            Step(1, "List", """
                    [Output] public List<Incident> Incidents { get; set; } = [];
                    [Output] public DateTimeOffset At { get; set; }
                    [Output] public Guid Id { get; set; }
                    [Output] public decimal Cost { get; set; }
                    [Output] public string? Note { get; set; }
            """), json: ", JsonContext = typeof(DemoJson)"));
    }

    [Fact]
    public async Task Template_on_a_non_string_input_is_reported_on_the_type()
    {
        await Verify.Analyzer(Workflow(
            Step(1, "Counter", """        [Input(Template = "{{integration}}")] public {|#0:int|} Count { get; set; }""")),
            Verify.Diagnostic("IRL0020").WithLocation(0).WithMessage("Input 'Count' of step 1 'Counter' has a Template but type 'int': a template renders text. Make the property a string, or bind it from a variable instead of a template."));
    }

    [Theory]
    [InlineData("[Output(\"{|#0:Incident-List|}\")] public string Incidents { get; set; } = \"\";", "Incident-List")]
    [InlineData("[Output(\"{|#0:1st|}\")] public string First { get; set; } = \"\";", "1st")]
    [InlineData("[Input(\"{|#0:Integration|}\")] public string Integration { get; set; } = \"\";", "Integration")]
    public async Task Invalid_explicit_variable_name_is_reported_on_the_name_and_nothing_else(string member, string name)
    {
        await Verify.Analyzer(Workflow(Step(1, "Only", "        " + member)),
            Verify.Diagnostic("IRL0021").WithLocation(0).WithMessage($"'{name}' is not a valid variable name: use snake_case, a lowercase letter followed by lowercase letters, digits or underscores (e.g. 'file_path')."));
    }

    [Fact]
    public async Task Invalid_workflow_variable_name_is_reported()
    {
        await Verify.Analyzer(Workflow(Step(1, "Only", ""))
            .Replace("[Variable] public required string Integration { get; init; }", "[Variable(\"{|IRL0021:the integration|}\")] public required string Integration { get; init; }", StringComparison.Ordinal)
            .Replace("Goal for {{integration}}", "Goal", StringComparison.Ordinal));
    }
}
