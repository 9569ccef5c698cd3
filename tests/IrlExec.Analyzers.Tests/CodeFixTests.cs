using IrlExec.Analyzers.Tests.Infrastructure;
using IrlExec.CodeFixes;

namespace IrlExec.Analyzers.Tests;

/// <summary>Each code fix, applied through a workspace, gives the expected source — which then has no diagnostics.</summary>
public class CodeFixTests
{
    private static void AssertClean(string source) => AnalyzerHarness.Verify(source);

    [Fact]
    public async Task Make_partial_adds_partial_after_the_other_modifiers()
    {
        var fixedSource = await CodeFixHarness.ApplyAsync(new MakePartialCodeFix(), """
            [Workflow("demo")]
            public partial class Demo
            {
                [Step(1)]
                public sealed class Only : IStep
                {
                    public ValueTask ExecuteAsync(StepContext context, CancellationToken cancellationToken) => ValueTask.CompletedTask;
                }
            }
            """, "IRL0011");
        Assert.Equal("""
            [Workflow("demo")]
            public partial class Demo
            {
                [Step(1)]
                public sealed partial class Only : IStep
                {
                    public ValueTask ExecuteAsync(StepContext context, CancellationToken cancellationToken) => ValueTask.CompletedTask;
                }
            }
            """, fixedSource);
        AssertClean(fixedSource);
    }

    [Fact]
    public async Task Make_partial_works_on_a_class_without_modifiers_and_on_the_workflow()
    {
        var fixedSource = await CodeFixHarness.ApplyAsync(new MakePartialCodeFix(), """
            [Workflow("demo")]
            class Demo
            {
                [Step(1)]
                public partial class Only : IStep
                {
                    public ValueTask ExecuteAsync(StepContext context, CancellationToken cancellationToken) => ValueTask.CompletedTask;
                }
            }
            """, "IRL0018");
        Assert.StartsWith("""
            [Workflow("demo")]
            partial class Demo
            {
            """, fixedSource, StringComparison.Ordinal);
        AssertClean(fixedSource);
    }

    [Fact]
    public async Task Make_partial_is_not_offered_for_a_nested_workflow_that_is_already_partial()
    {
        Assert.Equal(0, await CodeFixHarness.CountActionsAsync(new MakePartialCodeFix(), """
            public static partial class Outer
            {
                [Workflow("demo")]
                public partial class Demo
                {
                    [Step(1)]
                    public partial class Only : IStep
                    {
                        public ValueTask ExecuteAsync(StepContext context, CancellationToken cancellationToken) => ValueTask.CompletedTask;
                    }
                }
            }
            """, "IRL0018"));
    }

    [Fact]
    public async Task Implement_IStep_adds_the_interface_and_a_stub_ExecuteAsync()
    {
        var fixedSource = await CodeFixHarness.ApplyAsync(new ImplementIStepCodeFix(), """
            [Workflow("demo")]
            public partial class Demo
            {
                [Step(1)]
                public partial class Only
                {
                    [Output] public int Count { get; set; }
                }
            }
            """, "IRL0012");
        Assert.Equal("""
            [Workflow("demo")]
            public partial class Demo
            {
                [Step(1)]
                public partial class Only : IStep
                {
                    [Output] public int Count { get; set; }

                    public ValueTask ExecuteAsync(StepContext context, CancellationToken cancellationToken)
                    {
                        throw new NotImplementedException();
                    }
                }
            }
            """, fixedSource);
        AssertClean(fixedSource);
    }

    [Fact]
    public async Task Implement_IStep_keeps_an_existing_base_list_and_ExecuteAsync()
    {
        var fixedSource = await CodeFixHarness.ApplyAsync(new ImplementIStepCodeFix(), """
            [Workflow("demo")]
            public partial class Demo
            {
                [Step(1)]
                public partial class Only : IDisposable
                {
                    public void Dispose() { }
                    public ValueTask ExecuteAsync(StepContext context, CancellationToken cancellationToken) => ValueTask.CompletedTask;
                }
            }
            """, "IRL0012");
        Assert.Contains("public partial class Only : IDisposable, IStep", fixedSource, StringComparison.Ordinal);
        Assert.DoesNotContain("NotImplementedException", fixedSource, StringComparison.Ordinal);
        AssertClean(fixedSource);
    }

    private const string UnknownVariableSource = """
        [Workflow("demo", Goal = "Approve {{integraton}}")]
        public partial class Demo
        {
            [Variable] public required string Integration { get; init; }

            [Step(1)]
            public partial class List : IStep
            {
                [Input] public string Integraton { get; set; } = "";
                [Input("integratio")] public string Explicit { get; set; } = "";
                [Input(Template = "workspace/{{integratoin}}/out.txt")] public string Path { get; set; } = "";
                public ValueTask ExecuteAsync(StepContext context, CancellationToken cancellationToken) => ValueTask.CompletedTask;
            }
        }
        """;

    [Theory]
    [InlineData(0, "Goal = \"Approve {{integration}}\"")]
    [InlineData(1, "[Input(\"integration\")] public string Integraton { get; set; } = \"\";")]
    [InlineData(2, "[Input(\"integration\")] public string Explicit { get; set; } = \"\";")]
    [InlineData(3, "[Input(Template = \"workspace/{{integration}}/out.txt\")] public string Path")]
    public async Task Replace_unknown_variable_uses_the_suggestion(int occurrence, string expected)
    {
        var fixedSource = await CodeFixHarness.ApplyAsync(new ReplaceUnknownVariableCodeFix(), UnknownVariableSource, "IRL0005", occurrence);
        Assert.Contains(expected, fixedSource, StringComparison.Ordinal);
        // Exactly one occurrence was fixed: the other three are still reported.
        var remaining = AnalyzerHarness.Analyze(AnalyzerHarness.Compile(fixedSource)).Count(d => d.Id == "IRL0005");
        Assert.Equal(3, remaining);
    }

    [Fact]
    public async Task Replace_unknown_variable_keeps_other_input_arguments()
    {
        var fixedSource = await CodeFixHarness.ApplyAsync(new ReplaceUnknownVariableCodeFix(), """
            [Workflow("demo")]
            public partial class Demo
            {
                [Variable] public required string Integration { get; init; }

                [Step(1)]
                public partial class List : IStep
                {
                    [Input, Secret] public string Integraton { get; set; } = "";
                    public ValueTask ExecuteAsync(StepContext context, CancellationToken cancellationToken) => ValueTask.CompletedTask;
                }
            }
            """, "IRL0005");
        Assert.Contains("[Input(\"integration\"), Secret] public string Integraton", fixedSource, StringComparison.Ordinal);
        AssertClean(fixedSource);
    }

    [Fact]
    public async Task Replace_unknown_variable_is_not_offered_without_a_suggestion()
    {
        Assert.Equal(0, await CodeFixHarness.CountActionsAsync(new ReplaceUnknownVariableCodeFix(), """
            [Workflow("demo")]
            public partial class Demo
            {
                [Step(1)]
                public partial class List : IStep
                {
                    [Input("something_else_entirely")] public string Value { get; set; } = "";
                    public ValueTask ExecuteAsync(StepContext context, CancellationToken cancellationToken) => ValueTask.CompletedTask;
                }
            }
            """, "IRL0005"));
    }

    private static string Steps(params int[] orders) => string.Join("\n", orders.Select((order, i) => $$"""
            [Step({{order}})]
            public partial class Step{{(char)('A' + i)}} : IStep
            {
                public ValueTask ExecuteAsync(StepContext context, CancellationToken cancellationToken) => ValueTask.CompletedTask;
            }
        """));

    private static string WorkflowWith(params int[] orders) => $$"""
        [Workflow("demo")]
        public partial class Demo
        {
        {{Steps(orders)}}
        }
        """;

    [Fact]
    public async Task Renumber_gives_duplicates_consecutive_orders_in_declaration_order()
    {
        var fixedSource = await CodeFixHarness.ApplyAsync(new RenumberStepsCodeFix(), WorkflowWith(1, 2, 2, 3), "IRL0008");
        Assert.Equal(WorkflowWith(1, 2, 3, 4), fixedSource);
        AssertClean(fixedSource);
    }

    [Fact]
    public async Task Renumber_closes_gaps_and_keeps_the_running_order()
    {
        var fixedSource = await CodeFixHarness.ApplyAsync(new RenumberStepsCodeFix(), WorkflowWith(5, 2, 9), "IRL0009");
        Assert.Equal(WorkflowWith(2, 1, 3), fixedSource);
        AssertClean(fixedSource);
    }
}
