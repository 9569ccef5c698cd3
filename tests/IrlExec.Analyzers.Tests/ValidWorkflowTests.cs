using IrlExec.Analyzers.Tests.Infrastructure;
using Microsoft.CodeAnalysis;

namespace IrlExec.Analyzers.Tests;

/// <summary>Correct code gets no diagnostics, and the generator emits for it.</summary>
public class ValidWorkflowTests
{
    [Fact]
    public void Valid_workflow_has_no_diagnostics()
    {
        AnalyzerHarness.Verify(Workflows.Valid);
    }

    [Fact]
    public void Valid_workflow_is_generated_and_the_generated_code_has_no_diagnostics_either()
    {
        var compilation = AnalyzerHarness.Generate(AnalyzerHarness.Compile(Workflows.Valid));
        Assert.Contains(compilation.SyntaxTrees, t => t.FilePath.EndsWith("Demo.IncidentApproval.g.cs", StringComparison.Ordinal));
        Assert.Empty(compilation.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error));
        Assert.Empty(AnalyzerHarness.Analyze(compilation));
    }

    [Fact]
    public void Compilation_without_IrlExec_is_ignored()
    {
        var compilation = Microsoft.CodeAnalysis.CSharp.CSharpCompilation.Create(
            "Plain",
            [Microsoft.CodeAnalysis.CSharp.CSharpSyntaxTree.ParseText("class Step { void Resume() { } }")],
            [MetadataReference.CreateFromFile(typeof(object).Assembly.Location)]);
        Assert.Empty(AnalyzerHarness.Analyze(compilation));
    }
}
