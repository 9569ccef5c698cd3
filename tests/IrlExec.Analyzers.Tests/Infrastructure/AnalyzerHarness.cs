using System.Collections.Immutable;
using IrlExec.Generators;
using IrlExec.Generators.Analyzers;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;

namespace IrlExec.Analyzers.Tests.Infrastructure;

/// <summary>
/// Compiles test sources against the running runtime's assemblies plus IrlExec.dll, runs the IrlExec generator on them
/// (as a build would), then runs every IrlExec analyzer through <see cref="CompilationWithAnalyzers"/>.
/// </summary>
internal static class AnalyzerHarness
{
    public static readonly CSharpParseOptions ParseOptions = new(LanguageVersion.Latest);

    /// <summary>What the SDK's implicit usings give a project, plus IrlExec.</summary>
    public const string GlobalUsings = """
        global using System;
        global using System.Collections.Generic;
        global using System.IO;
        global using System.Linq;
        global using System.Threading;
        global using System.Threading.Tasks;
        global using IrlExec;
        """;

    // Every [DiagnosticAnalyzer] of the generator assembly, as the compiler loads them: a new analyzer needs no edit here.
    public static ImmutableArray<DiagnosticAnalyzer> Analyzers { get; } =
        [.. typeof(WorkflowDeclarationAnalyzer).Assembly.GetTypes()
            .Where(t => !t.IsAbstract && typeof(DiagnosticAnalyzer).IsAssignableFrom(t) && t.GetCustomAttributes(typeof(DiagnosticAnalyzerAttribute), false).Length > 0)
            .OrderBy(t => t.FullName, StringComparer.Ordinal)
            .Select(t => (DiagnosticAnalyzer)Activator.CreateInstance(t)!)];

    public static readonly Lazy<ImmutableArray<MetadataReference>> References = new(() =>
    {
        var paths = ((string)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES")!).Split(Path.PathSeparator)
            .Where(p => Path.GetFileName(p).StartsWith("System.", StringComparison.Ordinal) ||
                        Path.GetFileName(p) is "mscorlib.dll" or "netstandard.dll" or "Microsoft.Win32.Primitives.dll");
        return [.. paths.Select(p => (MetadataReference)MetadataReference.CreateFromFile(p)),
                MetadataReference.CreateFromFile(typeof(IrlExec.WorkflowAttribute).Assembly.Location)];
    });

    public static CSharpCompilationOptions Options(OutputKind kind = OutputKind.DynamicallyLinkedLibrary) =>
        new(kind, nullableContextOptions: NullableContextOptions.Enable);

    public static CSharpCompilation Compile(IEnumerable<(string Path, string Text)> sources, OutputKind kind = OutputKind.DynamicallyLinkedLibrary) =>
        CSharpCompilation.Create(
            "AnalyzerTests",
            sources.Select(s => CSharpSyntaxTree.ParseText(s.Text, ParseOptions, path: s.Path)),
            References.Value,
            Options(kind));

    public static CSharpCompilation Compile(params string[] sources) =>
        Compile(sources.Select((s, i) => ($"Source{i}.cs", s)).Prepend(("GlobalUsings.cs", GlobalUsings)));

    /// <summary>Runs the generator; fails the test if it throws.</summary>
    public static Compilation Generate(Compilation compilation)
    {
        var driver = CSharpGeneratorDriver.Create([new WorkflowGenerator().AsSourceGenerator()], parseOptions: ParseOptions)
            .RunGeneratorsAndUpdateCompilation(compilation, out var output, out _);
        var exception = driver.GetRunResult().Results.Single().Exception;
        Assert.True(exception is null, $"The generator threw: {exception}");
        return output;
    }

    /// <summary>Runs every IrlExec analyzer; fails the test if one throws (Roslyn would otherwise turn that into a quiet AD0001).</summary>
    public static ImmutableArray<Diagnostic> Analyze(Compilation compilation)
    {
        var failures = new System.Collections.Concurrent.ConcurrentQueue<string>();
        var diagnostics = compilation.WithAnalyzers(Analyzers, new CompilationWithAnalyzersOptions(
                new AnalyzerOptions([]), onAnalyzerException: (e, analyzer, _) => failures.Enqueue($"{analyzer} threw {e}"),
                concurrentAnalysis: false, logAnalyzerExecutionTime: false))
            .GetAnalyzerDiagnosticsAsync().GetAwaiter().GetResult();
        Assert.True(failures.IsEmpty, string.Join("\n", failures));
        Assert.DoesNotContain(diagnostics, d => d.Id == "AD0001");
        return [.. diagnostics.OrderBy(d => d.Location.SourceSpan.Start).ThenBy(d => d.Id, StringComparer.Ordinal)];
    }

    /// <summary>
    /// Compiles <paramref name="markup"/> (see <see cref="Markup"/>), runs the generator and the analyzers, and asserts that
    /// the IrlExec diagnostics are exactly the marked ones (id and span) and that the source has no compiler errors.
    /// Returns the diagnostics, in source order, for message assertions.
    /// </summary>
    public static IReadOnlyList<Diagnostic> Verify(string markup, string? defaultId = null)
    {
        var (source, expected) = Markup.Parse(markup, defaultId);
        var compilation = Generate(Compile(source));
        var errors = compilation.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error).ToList();
        Assert.True(errors.Count == 0, "The test source does not compile:\n" + string.Join("\n", errors));
        var actual = Analyze(compilation).Where(d => d.Id.StartsWith("IRL", StringComparison.Ordinal)).ToList();
        var tree = compilation.SyntaxTrees.Single(t => t.FilePath == "Source0.cs");
        Assert.All(actual, d => Assert.Same(tree, d.Location.SourceTree));
        Assert.Equal(
            expected.OrderBy(e => e.Span.Start).ThenBy(e => e.Id, StringComparer.Ordinal).Select(e => Describe(e.Id, e.Span, source)),
            actual.Select(d => Describe(d.Id, d.Location.SourceSpan, source)));
        return actual;
    }

    private static string Describe(string id, Microsoft.CodeAnalysis.Text.TextSpan span, string source) =>
        $"{id} at {span}: '{source.Substring(span.Start, span.Length)}'";
}
