using System.Reflection;
using System.Runtime.Loader;
using IrlExec.Generators.Tests.Infrastructure;
using Microsoft.CodeAnalysis;

namespace IrlExec.Generators.Tests;

/// <summary>
/// A workflow whose declaration has errors (the analyzer reports them; the parser refuses it) still gets its public
/// members, as stubs that throw: the user's own code that reads <c>Plan</c> or calls <c>RunAsync</c> compiles, so the
/// build shows the declaration's errors and no CS0117 cascade.
/// </summary>
public sealed class StubTests
{
    private const string Execute = "public ValueTask ExecuteAsync(StepContext context, CancellationToken cancellationToken) => ValueTask.CompletedTask;";

    /// <summary>Uses every public generated member, as a program that runs the workflow would.</summary>
    private const string Program = """
        using System.Threading.Tasks;
        using IrlExec;

        public static class Program
        {
            public static async Task<int> Main()
            {
                var runner = new WorkflowRunner(new InMemoryExecutionStore());
                var plan = Demo.Plan;
                WorkflowDefinition definition = Demo.Definition;
                VariableStore variables = new Demo().ToVariables();
                var run = await Demo.RunAsync(runner, new Demo());
                await Demo.SimulateAsync(runner, new Demo(), null, default);
                await Demo.ResumeAsync(runner, run.ExecutionId, new Demo());
                return plan.Steps.Count + definition.Steps.Count + variables.Count;
            }
        }
        """;

    /// <summary>Workflows the parser refuses for what they contain, one per kind of error (the diagnostic in the key).</summary>
    public static TheoryData<string, string> RefusedWorkflows() => new()
    {
        { "IRL0008 two steps with order 1", $$"""[Workflow("demo")] public partial class Demo { [Step(1)] public partial class A : IStep { {{Execute}} } [Step(1)] public partial class B : IStep { {{Execute}} } }""" },
        { "IRL0009 a gap in the orders", $$"""[Workflow("demo")] public partial class Demo { [Step(2)] public partial class A : IStep { {{Execute}} } }""" },
        { "IRL0009 no step at all", """[Workflow("demo")] public partial class Demo { }""" },
        { "IRL0012 a step without IStep", """[Workflow("demo")] public partial class Demo { [Step(1)] public partial class A { } }""" },
        { "IRL0014 an invalid workflow name", $$"""[Workflow("Bad Name")] public partial class Demo { [Step(1)] public partial class A : IStep { {{Execute}} } }""" },
        { "IRL0015 a malformed goal", $$$"""[Workflow("demo", Goal = "{{oops")] public partial class Demo { [Step(1)] public partial class A : IStep { {{{Execute}}} } }""" },
        { "IRL0019 a type without JSON metadata", $$"""[Workflow("demo")] public partial class Demo { [Step(1)] public partial class A : IStep { [Output] public System.Uri? P { get; set; } {{Execute}} } }""" },
        { "IRL0021 an invalid variable name", $$"""[Workflow("demo")] public partial class Demo { [Step(1)] public partial class A : IStep { [Output("Bad-Name")] public int P { get; set; } {{Execute}} } }""" },
        { "IRL0022 an abstract step", $$"""[Workflow("demo")] public partial class Demo { [Step(1)] public abstract partial class A : IStep { {{Execute}} } }""" },
        { "IRL0024 two steps with one name", $$"""[Workflow("demo")] public partial class Demo { [Step(1, Name = "a")] public partial class A : IStep { {{Execute}} } [Step(2, Name = "a")] public partial class B : IStep { {{Execute}} } }""" },
        { "IRL0025 an instance migration hook", $$"""[Workflow("demo")] public partial class Demo { [WorkflowMigration] public void Migrate(PlanMigrationContext context) { } [Step(1)] public partial class A : IStep { {{Execute}} } }""" },
    };

    [Theory]
    [MemberData(nameof(RefusedWorkflows))]
    public void Code_using_a_refused_workflow_compiles_so_only_the_declaration_error_shows(string error, string workflow)
    {
        var (result, output) = GeneratorHarness.Run(Usings + workflow, Program);

        Assert.True(result.GeneratedSources.Any(s => s.HintName == "Demo.g.cs"), error);
        Assert.DoesNotContain(result.GeneratedSources, s => s.HintName == "IrlExec.WorkflowCatalog.g.cs");
        var errors = output.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error).ToList();
        Assert.True(errors.Count == 0, error + ":\n" + string.Join("\n", errors));
    }

    [Fact]
    public void Without_stubs_the_same_program_has_a_CS0117_for_every_use()
    {
        // What the stubs prevent: the program above against a workflow with no generated members at all.
        var compilation = GeneratorHarness.Compile(Usings + """[Workflow("demo")] public partial class Demo { }""", Program);

        Assert.Equal(6, compilation.GetDiagnostics().Count(d => d.Id == "CS0117" || d.Id == "CS1061"));
    }

    [Fact]
    public void A_stub_throws_a_message_that_points_at_the_declaration_errors()
    {
        var (_, output) = GeneratorHarness.Run(Usings + RefusedWorkflows().First().Skip(1).Cast<string>().Single(), Program);
        var assembly = Load(output);
        var demo = assembly.GetType("Demo")!;

        var plan = Assert.Throws<TargetInvocationException>(() => demo.GetProperty("Plan")!.GetValue(null));
        var run = Assert.Throws<TargetInvocationException>(() => demo.GetMethod("RunAsync")!.Invoke(null, [null, null, null, default(CancellationToken)]));

        foreach (var exception in new[] { plan.InnerException, run.InnerException })
        {
            var invalid = Assert.IsType<InvalidOperationException>(exception);
            Assert.Equal("Workflow class 'Demo' has errors on its declaration (the IRL diagnostics the build reports on it), so its plan and runner were not generated. Fix those errors and build again.", invalid.Message);
        }
    }

    [Fact]
    public void A_workflow_class_that_is_not_partial_gets_no_stub()
    {
        // C# cannot add members to it (IRL0018 says to add 'partial').
        var (result, _) = GeneratorHarness.Run(Usings + $$"""[Workflow("demo")] public class Demo { [Step(1)] public partial class A : IStep { {{Execute}} } }""");

        Assert.Empty(result.GeneratedSources);
    }

    [Fact]
    public void A_stub_leaves_out_the_members_the_user_declares_and_hides_inherited_ones_with_new()
    {
        var workflow = """
            public class Base { public static int Plan => 0; }
            [Workflow("demo")] public partial class Demo : Base { public static int RunAsync; }
            """;
        var (result, output) = GeneratorHarness.Run(Usings + workflow);

        GeneratorHarness.AssertCompilesCleanly(output);
        var stub = result.GeneratedSources.Single(s => s.HintName == "Demo.g.cs").SourceText.ToString();
        Assert.Contains("public static new global::IrlExec.WorkflowPlan Plan", stub);
        Assert.DoesNotContain(" RunAsync(", stub);
        Assert.Contains(" SimulateAsync(", stub);
    }

    private const string Usings = """
        using System.Threading;
        using System.Threading.Tasks;
        using IrlExec;

        """;

    private static Assembly Load(Compilation compilation)
    {
        using var stream = new MemoryStream();
        var emitted = compilation.Emit(stream);
        Assert.True(emitted.Success, string.Join("\n", emitted.Diagnostics));
        stream.Position = 0;
        return new AssemblyLoadContext("stub-test", isCollectible: true).LoadFromStream(stream);
    }
}
