using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.Text;

namespace IrlExec.Analyzers.Tests.Infrastructure;

/// <summary>
/// Applies a code fix the way an IDE does: the source goes into an <see cref="AdhocWorkspace"/> project, the real
/// analyzers find the diagnostic, the provider registers its actions, and the first action's operations are applied
/// (including the simplification and formatting that code actions run).
/// </summary>
internal static class CodeFixHarness
{
    public static async Task<string> ApplyAsync(CodeFixProvider provider, string source, string diagnosticId, int occurrence = 0)
    {
        using var workspace = new AdhocWorkspace();
        var document = AddTestDocument(workspace, source);
        var documentId = document.Id;
        var compilation = (await document.Project.GetCompilationAsync())!;
        var tree = await document.GetSyntaxTreeAsync();
        var diagnostic = AnalyzerHarness.Analyze(compilation)
            .Where(d => d.Id == diagnosticId && d.Location.SourceTree == tree)
            .ElementAtOrDefault(occurrence);
        Assert.True(diagnostic is not null, $"No {diagnosticId} (occurrence {occurrence}) in the source.");
        Assert.Contains(diagnosticId, provider.FixableDiagnosticIds);

        var actions = new List<CodeAction>();
        await provider.RegisterCodeFixesAsync(new CodeFixContext(document, diagnostic, (action, _) => actions.Add(action), CancellationToken.None));
        Assert.True(actions.Count == 1, $"Expected one code action for {diagnosticId}, got {actions.Count}.");
        var operations = await actions[0].GetOperationsAsync(CancellationToken.None);
        var changed = operations.OfType<ApplyChangesOperation>().Single().ChangedSolution;
        return (await changed.GetDocument(documentId)!.GetTextAsync()).ToString().ReplaceLineEndings("\n");
    }

    /// <summary>How many actions the provider offers for the (single) diagnostic <paramref name="diagnosticId"/>.</summary>
    public static async Task<int> CountActionsAsync(CodeFixProvider provider, string source, string diagnosticId)
    {
        using var workspace = new AdhocWorkspace();
        var document = AddTestDocument(workspace, source);
        var compilation = (await document.Project.GetCompilationAsync())!;
        var diagnostic = AnalyzerHarness.Analyze(compilation).Single(d => d.Id == diagnosticId);
        var actions = new List<CodeAction>();
        await provider.RegisterCodeFixesAsync(new CodeFixContext(document, diagnostic, (action, _) => actions.Add(action), CancellationToken.None));
        return actions.Count;
    }

    // A project with the test references, the global usings and the source under test as Test.cs.
    private static Document AddTestDocument(AdhocWorkspace workspace, string source)
    {
        var projectId = ProjectId.CreateNewId();
        var documentId = DocumentId.CreateNewId(projectId);
        var solution = workspace.CurrentSolution
            .AddProject(ProjectInfo.Create(projectId, VersionStamp.Create(), "Fixes", "Fixes", LanguageNames.CSharp,
                compilationOptions: AnalyzerHarness.Options(), parseOptions: AnalyzerHarness.ParseOptions,
                metadataReferences: AnalyzerHarness.References.Value))
            .AddDocument(DocumentId.CreateNewId(projectId), "GlobalUsings.cs", SourceText.From(AnalyzerHarness.GlobalUsings))
            .AddDocument(documentId, "Test.cs", SourceText.From(source));
        return solution.GetDocument(documentId)!;
    }
}
