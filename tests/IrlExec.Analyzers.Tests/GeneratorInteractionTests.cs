using IrlExec.Analyzers.Tests.Infrastructure;
using Microsoft.CodeAnalysis.Testing;

namespace IrlExec.Analyzers.Tests;

/// <summary>
/// The generator and the analyzer side by side on invalid workflows: where the analyzer reports a declaration error that
/// makes the parser refuse the workflow, the generator emits only stubs of its public members (so the user sees the
/// analyzer's error, neither errors in generated code nor a CS0117 at every use of <c>Plan</c> or <c>RunAsync</c>) and
/// leaves it out of the catalog; a class that is not partial gets nothing. The generator never throws.
/// </summary>
public class GeneratorInteractionTests
{
    private const string Execute = "public ValueTask ExecuteAsync(StepContext context, CancellationToken cancellationToken) => ValueTask.CompletedTask;";

    public static TheoryData<string> RefusedWorkflows() => new()
    {
        $$"""[Workflow({|IRL0014:"Bad Name"|})] public partial class Demo { [Step(1)] public partial class A : IStep { {{Execute}} } }""",
        $$$"""[Workflow("demo", Goal = {|IRL0015:"{{oops"|})] public partial class Demo { [Step(1)] public partial class A : IStep { {{{Execute}}} } }""",
        """[Workflow("demo")] public partial class {|IRL0009:Demo|} { }""",
        $$"""[Workflow("demo")] public partial class {|IRL0009:Demo|} { [Step(2)] public partial class A : IStep { {{Execute}} } }""",
        $$"""[Workflow("demo")] public partial class Demo { [Step(1)] public partial class A : IStep { {{Execute}} } [Step({|IRL0008:1|})] public partial class B : IStep { {{Execute}} } }""",
        """[Workflow("demo")] public partial class Demo { [Step(1)] public partial class {|IRL0012:A|} { } }""",
        $$"""[Workflow("demo")] public partial class Demo { [Step(1)] public partial class A : IStep { [Output] public {|IRL0019:int?|} P { get; set; } {{Execute}} } }""",
        $$"""[Workflow("demo")] public partial class Demo { [Step(1)] public partial class A : IStep { [Input(Template = "x")] public {|IRL0020:int|} P { get; set; } {{Execute}} } }""",
        $$"""[Workflow("demo")] public partial class Demo { [Step(1)] public abstract partial class {|IRL0022:A|} : IStep { {{Execute}} } }""",
        $$"""[Workflow("demo")] public partial class Demo { [Step(1)] public partial class A : IStep { [Input("x")] public string {|IRL0023:P|} { get; private set; } = ""; {{Execute}} } [Variable] public string X { get; init; } = ""; }""",
        $$"""[Workflow("demo")] public partial class Demo { [Step(1, Name = "a")] public partial class A : IStep { {{Execute}} } [Step(2, Name = {|IRL0024:"a"|})] public partial class B : IStep { {{Execute}} } }""",
        $$"""[Workflow("demo")] public partial class Demo { [Step(1)] public partial class A : IStep { [Output("{|IRL0021:Bad-Name|}")] public int P { get; set; } {{Execute}} } }""",
        $$"""[Workflow("demo")] public partial class Demo { [{|IRL0025:WorkflowMigration|}] public void Migrate(PlanMigrationContext context) { } [Step(1)] public partial class A : IStep { {{Execute}} } }""",
        $$$"""[Workflow("demo")] public partial class Demo { [Step(1)] public partial class A : IStep { [Input(Template = {|IRL0015:"x}}"|})] public string P { get; set; } = ""; {{{Execute}}} } }""",
    };

    // Every public member of the workflow, as a program that runs it uses them: compiles only if they were generated (or stubbed).
    private const string UseOfPublicMembers = """

        public static class Uses
        {
            public static object All(WorkflowRunner runner) =>
                (Demo.Plan, Demo.Definition, new Demo().ToVariables(), Demo.RunAsync(runner, new Demo()), Demo.SimulateAsync(runner, new Demo()), Demo.ResumeAsync(runner, "id"));
        }
        """;

    // The catalog exists only when at least one workflow was really generated (stubs are not listed).
    private const string UseOfCatalog = "\npublic static class Catalog { public static object All => IrlExec.Generated.GeneratedWorkflowCatalog.All; }";

    [Theory]
    [MemberData(nameof(RefusedWorkflows))]
    public Task Workflow_the_analyzer_rejects_gets_stubs_so_code_using_it_shows_only_the_analyzer_error(string source) =>
        Verify.Analyzer(source + UseOfPublicMembers);

    [Theory]
    [MemberData(nameof(RefusedWorkflows))]
    public Task Workflow_the_analyzer_rejects_is_not_in_the_catalog(string source) =>
        Verify.Analyzer(source + UseOfCatalog.Replace("IrlExec.Generated", "{|CS0234:IrlExec.Generated|}", StringComparison.Ordinal));

    [Fact]
    public Task Workflow_class_that_is_not_partial_is_not_generated() =>
        Verify.Run(framework =>
        {
            // C# cannot add members to it: IRL0018 says to make it partial.
            var test = new IrlExecTest(framework) { TestCode = $$"""[Workflow("demo")] public class {|IRL0018:Demo|} { [Step(1)] public partial class A : IStep { {{Execute}} } }""" };
            // Checked here: the generated sources are exactly the expected ones, none.
            test.TestBehaviors &= ~TestBehaviors.SkipGeneratedSourcesCheck;
            return test;
        });


    public static TheoryData<string> GeneratedButReported() => new()
    {
        // The parser does not follow variables between steps, so these are generated; the analyzer's error fails the build.
        $$"""[Workflow("demo")] public partial class Demo { [Step(1)] public partial class A : IStep { [Input("{|IRL0005:nothing|}")] public string P { get; set; } = ""; {{Execute}} } }""",
        $$"""[Workflow("demo")] public partial class Demo { [Step(1)] public partial class A : IStep { [Input("{|IRL0006:x|}")] public string P { get; set; } = ""; {{Execute}} } [Step(2)] public partial class B : IStep { [Output] public string X { get; set; } = ""; {{Execute}} } }""",
        $$"""[Workflow("demo")] public partial class Demo { [Variable] public int X { get; init; } [Step(1)] public partial class A : IStep { [Input] public {|IRL0007:string|} X { get; set; } = ""; {{Execute}} } }""",
        $$"""[Workflow("demo")] public partial class Demo { [Step(1)] public sealed class {|IRL0011:A|} : IStep { {{Execute}} } }""",
    };

    [Theory]
    [MemberData(nameof(GeneratedButReported))]
    public Task Workflow_with_a_flow_error_still_generates_code_that_compiles(string source) =>
        Verify.Analyzer(source + UseOfPublicMembers + UseOfCatalog);
}
