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

    private static string Message(IReadOnlyList<Microsoft.CodeAnalysis.Diagnostic> diagnostics) =>
        diagnostics.Single().GetMessage(System.Globalization.CultureInfo.InvariantCulture);

    [Fact]
    public void A_variable_named_Plan_is_reported_on_its_name_with_how_to_keep_the_variable_name()
    {
        var diagnostics = AnalyzerHarness.Verify(Workflow("    [Variable] public required string {|IRL0026:Plan|} { get; init; }"));
        Assert.Equal(
            "'Plan' has the name of the static property 'Plan' (the workflow's plan), which IrlExec generates in workflow class 'Onboarding': while this member exists, that one is not generated. Rename this member; to keep the variable name 'plan', name it in the attribute: [Variable(\"plan\")] on a property named e.g. 'PlanValue'.",
            Message(diagnostics));
    }

    [Fact]
    public void A_variable_with_an_explicit_name_is_only_told_to_rename_the_property()
    {
        var diagnostics = AnalyzerHarness.Verify(Workflow("    [Variable(\"definition_text\")] public string {|IRL0026:Definition|} { get; init; } = \"\";"));
        Assert.EndsWith("that one is not generated. Rename this member.", Message(diagnostics), StringComparison.Ordinal);
    }

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
    public void Every_public_generated_name_is_reported_when_a_member_takes_it(string member)
    {
        AnalyzerHarness.Verify(Workflow(member));
    }

    [Theory]
    [InlineData("    public static Task<ExecutionResult> RunAsync(WorkflowRunner runner, string customer) => RunAsync(runner, new Onboarding());")]
    [InlineData("    public VariableStore ToVariables(bool withSecrets) => ToVariables();")]
    [InlineData("    public static Task<ExecutionResult> ResumeAsync(WorkflowRunner runner, string executionId, string approvedBy) => ResumeAsync(runner, executionId);")]
    [InlineData("    public static int IrlExecJson; public int IrlExecVariableNames => 0;")]
    [InlineData("    public string PlanText { get; init; } = \"\";")]
    public void Overloads_and_other_names_are_not_reported(string member)
    {
        AnalyzerHarness.Verify(Workflow(member));
    }

    [Fact]
    public void A_step_class_named_Plan_is_reported_on_its_name()
    {
        AnalyzerHarness.Verify("""
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
    }

    [Fact]
    public void A_member_in_another_partial_part_is_reported_there()
    {
        var compilation = AnalyzerHarness.Generate(AnalyzerHarness.Compile(
            Workflow(""),
            "namespace Demo; public partial class Onboarding { public static string Plan => \"mine\"; }"));
        var diagnostic = Assert.Single(AnalyzerHarness.Analyze(compilation), d => d.Id == "IRL0026");
        Assert.Equal("Source1.cs", diagnostic.Location.SourceTree!.FilePath);
        Assert.Empty(compilation.GetDiagnostics().Where(d => d.Severity == Microsoft.CodeAnalysis.DiagnosticSeverity.Error));
    }

    [Fact]
    public void A_class_without_Workflow_is_not_checked()
    {
        AnalyzerHarness.Verify("public class Plans { public static int Plan; public static void RunAsync() { } }");
    }
}
