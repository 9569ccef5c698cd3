using IrlExec.Analyzers.Tests.Infrastructure;

namespace IrlExec.Analyzers.Tests;

/// <summary>IRL0026: a member of a workflow class with the name of a public member the generator adds.</summary>
public class GeneratedNameClashTests
{
    private static string Workflow(string members) => $$$"""
        namespace Demo;

        [Workflow("onboarding")]
        public partial class Onboarding
        {
        {{{members}}}

            [Step(1)]
            public partial class Greet : IStep
            {
                public ValueTask ExecuteAsync(StepContext context, CancellationToken cancellationToken) => ValueTask.CompletedTask;
            }
        }
        """;

    [Fact]
    public Task A_variable_named_Plan_is_reported_on_its_name_with_how_to_keep_the_variable_name() =>
        Verify.Analyzer(
            Workflow("    [Variable] public required string {|#0:Plan|} { get; init; }"),
            Verify.Diagnostic("IRL0026").WithLocation(0).WithMessage(
                "'Plan' has the name of the static property 'Plan' (the workflow's plan), which IrlExec generates in workflow class 'Onboarding': while this member exists, that one is not generated. Rename this member; to keep the variable name 'plan', name it in the attribute: [Variable(\"plan\")] on a property named e.g. 'PlanValue'."));

    [Fact]
    public Task A_variable_with_an_explicit_name_is_only_told_to_rename_the_property() =>
        Verify.Analyzer(
            Workflow("    [Variable(\"definition_text\")] public string {|#0:Definition|} { get; init; } = \"\";"),
            Verify.Diagnostic("IRL0026").WithLocation(0).WithMessage(
                "'Definition' has the name of the static property 'Definition' (the workflow's runnable definition), which IrlExec generates in workflow class 'Onboarding': while this member exists, that one is not generated. Rename this member."));

    [Theory]
    [InlineData("    public static int {|IRL0026:Plan|};")]
    [InlineData("    public void {|IRL0026:Plan|}() { }")]
    [InlineData("    public class {|IRL0026:Plan|} { }")]
    [InlineData("    public int {|IRL0026:get_Plan|}() => 0;")]
    [InlineData("    public static string {|IRL0026:Definition|}() => \"\";")]
    [InlineData("    public VariableStore {|IRL0026:ToVariables|}() => new();")]
    [InlineData("    [Variable] public string {|IRL0026:ToVariables|} { get; init; } = \"\";")]
    [InlineData("    public static Task<ExecutionResult> {|IRL0026:RunAsync|}(WorkflowRunner runner, Onboarding variables, RunOptions? options, CancellationToken cancellationToken) => Task.FromResult<ExecutionResult>(null!);")]
    [InlineData("    public class {|IRL0026:RunAsync|} { }")]
    [InlineData("    public Task<int> {|IRL0026:SimulateAsync|}(WorkflowRunner runner, Onboarding? other, RunOptions options, CancellationToken token) => Task.FromResult(0);")]
    [InlineData("    public static void {|IRL0026:ResumeAsync|}(WorkflowRunner r, string id, Onboarding? v, RunOptions? o, CancellationToken c) { }")]
    [InlineData("    public delegate void {|IRL0026:ResumeAsync|}();")]
    public Task Every_public_generated_name_is_reported_when_a_member_takes_it(string member) => Verify.Analyzer(Workflow(member));

    [Theory]
    [InlineData("    public static Task<ExecutionResult> RunAsync(WorkflowRunner runner, string customer) => RunAsync(runner, new Onboarding());")]
    [InlineData("    public VariableStore ToVariables(bool withSecrets) => ToVariables();")]
    [InlineData("    public static Task<ExecutionResult> ResumeAsync(WorkflowRunner runner, string executionId, string approvedBy) => ResumeAsync(runner, executionId);")]
    [InlineData("    public static int IrlExecJson; public int IrlExecVariableNames => 0;")]
    [InlineData("    public string PlanText { get; init; } = \"\";")]
    public Task Overloads_and_other_names_are_not_reported(string member) => Verify.Analyzer(Workflow(member));

    [Fact]
    public Task A_step_class_named_Plan_is_reported_on_its_name() =>
        Verify.Analyzer("""
            namespace Demo;

            [Workflow("onboarding")]
            public partial class Onboarding
            {
                [Step(1)]
                public partial class {|IRL0026:Plan|} : IStep
                {
                    public ValueTask ExecuteAsync(StepContext context, CancellationToken cancellationToken) => ValueTask.CompletedTask;
                }
            }
            """);

    [Fact]
    public Task A_member_in_another_partial_part_is_reported_there() =>
        Verify.Run(framework => new IrlExecTest(framework)
        {
            TestState =
            {
                Sources =
                {
                    Workflow(""),
                    ("/0/Part.cs", "namespace Demo; public partial class Onboarding { public static string {|IRL0026:Plan|} => \"mine\"; }"),
                },
            },
        });

    [Fact]
    public Task A_class_without_Workflow_is_not_checked() =>
        Verify.Analyzer("public class Plans { public static int Plan; public static void RunAsync() { } }");
}
