using IrlExec.Analyzers.Tests.Infrastructure;
using Microsoft.CodeAnalysis;

namespace IrlExec.Analyzers.Tests;

/// <summary>
/// The generator and the analyzer side by side on invalid workflows: where the analyzer reports a declaration error that
/// makes the parser refuse the workflow, the generator emits nothing for it (so the user sees the analyzer's error, not
/// errors in generated code), and it never throws.
/// </summary>
public class GeneratorInteractionTests
{
    private const string Execute = "public ValueTask ExecuteAsync(StepContext context, CancellationToken cancellationToken) => ValueTask.CompletedTask;";

    public static TheoryData<string, string> RefusedWorkflows() => new()
    {
        { "IRL0018", $$"""[Workflow("demo")] public class Demo { [Step(1)] public partial class A : IStep { {{Execute}} } }""" },
        { "IRL0014", $$"""[Workflow("Bad Name")] public partial class Demo { [Step(1)] public partial class A : IStep { {{Execute}} } }""" },
        { "IRL0015", $$$"""[Workflow("demo", Goal = "{{oops")] public partial class Demo { [Step(1)] public partial class A : IStep { {{{Execute}}} } }""" },
        { "IRL0009", """[Workflow("demo")] public partial class Demo { }""" },
        { "IRL0009", $$"""[Workflow("demo")] public partial class Demo { [Step(2)] public partial class A : IStep { {{Execute}} } }""" },
        { "IRL0008", $$"""[Workflow("demo")] public partial class Demo { [Step(1)] public partial class A : IStep { {{Execute}} } [Step(1)] public partial class B : IStep { {{Execute}} } }""" },
        { "IRL0012", """[Workflow("demo")] public partial class Demo { [Step(1)] public partial class A { } }""" },
        { "IRL0019", $$"""[Workflow("demo")] public partial class Demo { [Step(1)] public partial class A : IStep { [Output] public int? P { get; set; } {{Execute}} } }""" },
        { "IRL0020", $$"""[Workflow("demo")] public partial class Demo { [Step(1)] public partial class A : IStep { [Input(Template = "x")] public int P { get; set; } {{Execute}} } }""" },
        { "IRL0022", $$"""[Workflow("demo")] public partial class Demo { [Step(1)] public abstract partial class A : IStep { {{Execute}} } }""" },
        { "IRL0023", $$"""[Workflow("demo")] public partial class Demo { [Step(1)] public partial class A : IStep { [Input("x")] public string P { get; private set; } = ""; {{Execute}} } [Variable] public string X { get; init; } = ""; }""" },
        { "IRL0024", $$"""[Workflow("demo")] public partial class Demo { [Step(1, Name = "a")] public partial class A : IStep { {{Execute}} } [Step(2, Name = "a")] public partial class B : IStep { {{Execute}} } }""" },
        { "IRL0021", $$"""[Workflow("demo")] public partial class Demo { [Step(1)] public partial class A : IStep { [Output("Bad-Name")] public int P { get; set; } {{Execute}} } }""" },
        { "IRL0025", $$"""[Workflow("demo")] public partial class Demo { [WorkflowMigration] public void Migrate(PlanMigrationContext context) { } [Step(1)] public partial class A : IStep { {{Execute}} } }""" },
        { "IRL0015", $$$"""[Workflow("demo")] public partial class Demo { [Step(1)] public partial class A : IStep { [Input(Template = "x}}")] public string P { get; set; } = ""; {{{Execute}}} } }""" },
    };

    [Theory]
    [MemberData(nameof(RefusedWorkflows))]
    public void Workflow_the_analyzer_rejects_is_not_generated(string id, string source)
    {
        var compilation = AnalyzerHarness.Generate(AnalyzerHarness.Compile(source));
        Assert.DoesNotContain(compilation.SyntaxTrees, t => t.FilePath.EndsWith("Demo.g.cs", StringComparison.Ordinal));
        Assert.Empty(compilation.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error));
        Assert.Contains(AnalyzerHarness.Analyze(compilation), d => d.Id == id && d.Severity == DiagnosticSeverity.Error);
    }

    public static TheoryData<string, string> GeneratedButReported() => new()
    {
        // The parser does not follow variables between steps, so these are generated; the analyzer's error fails the build.
        { "IRL0005", $$"""[Workflow("demo")] public partial class Demo { [Step(1)] public partial class A : IStep { [Input("nothing")] public string P { get; set; } = ""; {{Execute}} } }""" },
        { "IRL0006", $$"""[Workflow("demo")] public partial class Demo { [Step(1)] public partial class A : IStep { [Input("x")] public string P { get; set; } = ""; {{Execute}} } [Step(2)] public partial class B : IStep { [Output] public string X { get; set; } = ""; {{Execute}} } }""" },
        { "IRL0007", $$"""[Workflow("demo")] public partial class Demo { [Variable] public int X { get; init; } [Step(1)] public partial class A : IStep { [Input] public string X { get; set; } = ""; {{Execute}} } }""" },
        { "IRL0011", $$"""[Workflow("demo")] public partial class Demo { [Step(1)] public sealed class A : IStep { {{Execute}} } }""" },
    };

    [Theory]
    [MemberData(nameof(GeneratedButReported))]
    public void Workflow_with_a_flow_error_still_generates_code_that_compiles(string id, string source)
    {
        var compilation = AnalyzerHarness.Generate(AnalyzerHarness.Compile(source));
        Assert.Contains(compilation.SyntaxTrees, t => t.FilePath.EndsWith("Demo.g.cs", StringComparison.Ordinal));
        Assert.Empty(compilation.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error));
        Assert.Contains(AnalyzerHarness.Analyze(compilation), d => d.Id == id && d.Severity == DiagnosticSeverity.Error);
    }
}
