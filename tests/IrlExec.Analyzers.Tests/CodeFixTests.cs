using IrlExec.Analyzers.Tests.Infrastructure;
using IrlExec.CodeFixes;

namespace IrlExec.Analyzers.Tests;

/// <summary>
/// Each code fix gives the expected source, one diagnostic at a time and all at once (fix all in document, project and
/// solution), and the fixed source has no diagnostics left (<see cref="Verify.CodeFix{TCodeFix}"/>).
/// </summary>
public class CodeFixTests
{
    [Fact]
    public Task Make_partial_adds_partial_after_the_other_modifiers() => Verify.CodeFix<MakePartialCodeFix>("""
        [Workflow("demo")]
        public partial class Demo
        {
            [Step(1)]
            public sealed class {|IRL0011:Only|} : IStep
            {
                public ValueTask ExecuteAsync(StepContext context, CancellationToken cancellationToken) => ValueTask.CompletedTask;
            }
        }
        """, """
        [Workflow("demo")]
        public partial class Demo
        {
            [Step(1)]
            public sealed partial class Only : IStep
            {
                public ValueTask ExecuteAsync(StepContext context, CancellationToken cancellationToken) => ValueTask.CompletedTask;
            }
        }
        """);

    [Fact]
    public Task Make_partial_works_on_a_class_without_modifiers_and_on_the_workflow() => Verify.CodeFix<MakePartialCodeFix>("""
        [Workflow("demo")]
        class {|IRL0018:Demo|}
        {
            [Step(1)]
            public partial class Only : IStep
            {
                public ValueTask ExecuteAsync(StepContext context, CancellationToken cancellationToken) => ValueTask.CompletedTask;
            }
        }
        """, """
        [Workflow("demo")]
        partial class Demo
        {
            [Step(1)]
            public partial class Only : IStep
            {
                public ValueTask ExecuteAsync(StepContext context, CancellationToken cancellationToken) => ValueTask.CompletedTask;
            }
        }
        """);

    [Fact]
    public Task Make_partial_fixes_every_class_of_a_workflow_at_once() => Verify.CodeFix<MakePartialCodeFix>("""
        [Workflow("demo")]
        public class {|IRL0018:Demo|}
        {
            [Step(1)]
            public class {|IRL0011:First|} : IStep
            {
                public ValueTask ExecuteAsync(StepContext context, CancellationToken cancellationToken) => ValueTask.CompletedTask;
            }

            [Step(2)]
            internal sealed class {|IRL0011:Second|} : IStep
            {
                public ValueTask ExecuteAsync(StepContext context, CancellationToken cancellationToken) => ValueTask.CompletedTask;
            }
        }
        """, """
        [Workflow("demo")]
        public partial class Demo
        {
            [Step(1)]
            public partial class First : IStep
            {
                public ValueTask ExecuteAsync(StepContext context, CancellationToken cancellationToken) => ValueTask.CompletedTask;
            }

            [Step(2)]
            internal sealed partial class Second : IStep
            {
                public ValueTask ExecuteAsync(StepContext context, CancellationToken cancellationToken) => ValueTask.CompletedTask;
            }
        }
        """);

    [Fact]
    public Task Make_partial_is_not_offered_for_a_nested_workflow_that_is_already_partial() => Verify.NoCodeFix<MakePartialCodeFix>("""
        public static partial class Outer
        {
            [Workflow("demo")]
            public partial class {|IRL0018:Demo|}
            {
                [Step(1)]
                public partial class Only : IStep
                {
                    public ValueTask ExecuteAsync(StepContext context, CancellationToken cancellationToken) => ValueTask.CompletedTask;
                }
            }
        }
        """);

    [Fact]
    public Task Implement_IStep_adds_the_interface_and_a_stub_ExecuteAsync() => Verify.CodeFix<ImplementIStepCodeFix>("""
        [Workflow("demo")]
        public partial class Demo
        {
            [Step(1)]
            public partial class {|IRL0012:Only|}
            {
                [Output] public int Count { get; set; }
            }
        }
        """, """
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
        """);

    [Fact]
    public Task Implement_IStep_keeps_an_existing_base_list_and_ExecuteAsync() => Verify.CodeFix<ImplementIStepCodeFix>("""
        [Workflow("demo")]
        public partial class Demo
        {
            [Step(1)]
            public partial class {|IRL0012:Only|} : IDisposable
            {
                public void Dispose() { }
                public ValueTask ExecuteAsync(StepContext context, CancellationToken cancellationToken) => ValueTask.CompletedTask;
            }
        }
        """, """
        [Workflow("demo")]
        public partial class Demo
        {
            [Step(1)]
            public partial class Only : IDisposable, IStep
            {
                public void Dispose() { }
                public ValueTask ExecuteAsync(StepContext context, CancellationToken cancellationToken) => ValueTask.CompletedTask;
            }
        }
        """);

    // Four misspellings of 'integration': in the goal, an implicit input name, an explicit one and a template.
    private const string UnknownVariables = """
        [Workflow("demo", Goal = "Approve {{{|IRL0005:integraton|}}}")]
        public partial class Demo
        {
            [Variable] public required string Integration { get; init; }

            [Step(1)]
            public partial class List : IStep
            {
                [Input] public string {|IRL0005:Integraton|} { get; set; } = "";
                [Input("{|IRL0005:integratio|}")] public string Explicit { get; set; } = "";
                [Input(Template = "workspace/{{{|IRL0005:integratoin|}}}/out.txt")] public string Path { get; set; } = "";
                public ValueTask ExecuteAsync(StepContext context, CancellationToken cancellationToken) => ValueTask.CompletedTask;
            }
        }
        """;

    [Theory]
    [InlineData(0, "Goal = \"Approve {{{|IRL0005:integraton|}}}\"", "Goal = \"Approve {{integration}}\"")]
    [InlineData(1, "[Input] public string {|IRL0005:Integraton|}", "[Input(\"integration\")] public string Integraton")]
    [InlineData(2, "[Input(\"{|IRL0005:integratio|}\")]", "[Input(\"integration\")]")]
    [InlineData(3, "Template = \"workspace/{{{|IRL0005:integratoin|}}}/out.txt\"", "Template = \"workspace/{{integration}}/out.txt\"")]
    public Task Replace_unknown_variable_fixes_only_the_chosen_occurrence_with_the_suggestion(int occurrence, string marked, string fixedText)
    {
        Assert.Contains(marked, UnknownVariables, StringComparison.Ordinal);
        // The fixed source keeps the other three, still reported.
        return Verify.CodeFixOne<ReplaceUnknownVariableCodeFix>(UnknownVariables, occurrence, UnknownVariables.Replace(marked, fixedText, StringComparison.Ordinal));
    }

    [Fact]
    public Task Replace_unknown_variable_fixes_every_occurrence_one_by_one_and_all_at_once() =>
        Verify.CodeFix<ReplaceUnknownVariableCodeFix>(UnknownVariables, """
            [Workflow("demo", Goal = "Approve {{integration}}")]
            public partial class Demo
            {
                [Variable] public required string Integration { get; init; }

                [Step(1)]
                public partial class List : IStep
                {
                    [Input("integration")] public string Integraton { get; set; } = "";
                    [Input("integration")] public string Explicit { get; set; } = "";
                    [Input(Template = "workspace/{{integration}}/out.txt")] public string Path { get; set; } = "";
                    public ValueTask ExecuteAsync(StepContext context, CancellationToken cancellationToken) => ValueTask.CompletedTask;
                }
            }
            """);

    [Fact]
    public Task Replace_unknown_variable_keeps_other_input_arguments() => Verify.CodeFix<ReplaceUnknownVariableCodeFix>("""
        [Workflow("demo")]
        public partial class Demo
        {
            [Variable] public required string Integration { get; init; }

            [Step(1)]
            public partial class List : IStep
            {
                [Input, Secret] public string {|IRL0005:Integraton|} { get; set; } = "";
                public ValueTask ExecuteAsync(StepContext context, CancellationToken cancellationToken) => ValueTask.CompletedTask;
            }
        }
        """, """
        [Workflow("demo")]
        public partial class Demo
        {
            [Variable] public required string Integration { get; init; }

            [Step(1)]
            public partial class List : IStep
            {
                [Input("integration"), Secret] public string Integraton { get; set; } = "";
                public ValueTask ExecuteAsync(StepContext context, CancellationToken cancellationToken) => ValueTask.CompletedTask;
            }
        }
        """);

    [Fact]
    public Task Replace_unknown_variable_is_not_offered_without_a_suggestion() => Verify.NoCodeFix<ReplaceUnknownVariableCodeFix>("""
        [Workflow("demo")]
        public partial class Demo
        {
            [Step(1)]
            public partial class List : IStep
            {
                [Input("{|IRL0005:something_else_entirely|}")] public string Value { get; set; } = "";
                public ValueTask ExecuteAsync(StepContext context, CancellationToken cancellationToken) => ValueTask.CompletedTask;
            }
        }
        """);

    private static string WorkflowWith(params int[] orders) => $$"""
        [Workflow("demo")]
        public partial class Demo
        {
        {{string.Join("\n", orders.Select((order, i) => $$"""
            [Step({{order}})]
            public partial class Step{{(char)('A' + i)}} : IStep
            {
                public ValueTask ExecuteAsync(StepContext context, CancellationToken cancellationToken) => ValueTask.CompletedTask;
            }
        """))}}
        }
        """;

    [Fact]
    public Task Renumber_gives_duplicates_consecutive_orders_in_declaration_order() =>
        Verify.CodeFix<RenumberStepsCodeFix>(
            WorkflowWith(1, 2, 2, 3).Replace("""
                    public partial class StepB : IStep
                    {
                        public ValueTask ExecuteAsync(StepContext context, CancellationToken cancellationToken) => ValueTask.CompletedTask;
                    }
                    [Step(2)]
                """, """
                    public partial class StepB : IStep
                    {
                        public ValueTask ExecuteAsync(StepContext context, CancellationToken cancellationToken) => ValueTask.CompletedTask;
                    }
                    [Step({|IRL0008:2|})]
                """, StringComparison.Ordinal),
            WorkflowWith(1, 2, 3, 4));

    [Fact]
    public Task Renumber_closes_gaps_and_keeps_the_running_order() =>
        Verify.CodeFix<RenumberStepsCodeFix>(
            WorkflowWith(5, 2, 9).Replace("public partial class Demo", "public partial class {|IRL0009:Demo|}", StringComparison.Ordinal),
            WorkflowWith(2, 1, 3));
}
