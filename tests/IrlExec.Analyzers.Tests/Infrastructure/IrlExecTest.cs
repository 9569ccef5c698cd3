using System.Collections.Immutable;
using IrlExec.Generators;
using IrlExec.Generators.Analyzers;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Testing;

namespace IrlExec.Analyzers.Tests.Infrastructure;

/// <summary>The target frameworks of the IrlExec package: the test compilations use their pinned reference assemblies.</summary>
internal enum TargetFramework
{
    Net80,
    Net100,
}

/// <summary>
/// The Roslyn testing framework (Microsoft.CodeAnalysis.Testing) set up as an IrlExec project is built: C# latest with
/// nullable on, the SDK's implicit usings plus <c>global using IrlExec;</c>, the pinned reference assemblies of one target
/// framework (Basic.Reference.Assemblies) plus that framework's IrlExec.dll, the IrlExec source generator run before the
/// analyzers, every IrlExec analyzer, and the code fixes under test. Tests use it through <see cref="Verify"/>; build one
/// directly only for what <see cref="Verify"/> does not offer.
/// </summary>
internal sealed class IrlExecTest : CodeFixTest<DefaultVerifier>
{
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

    private const string GlobalUsingsPath = "/0/GlobalUsings.cs";

    /// <summary>Every [DiagnosticAnalyzer] of the generator assembly, as the compiler loads them: a new analyzer needs no edit here.</summary>
    public static ImmutableArray<DiagnosticAnalyzer> Analyzers { get; } =
        [.. typeof(WorkflowDeclarationAnalyzer).Assembly.GetTypes()
            .Where(t => !t.IsAbstract && typeof(DiagnosticAnalyzer).IsAssignableFrom(t) && t.GetCustomAttributes(typeof(DiagnosticAnalyzerAttribute), false).Length > 0)
            .OrderBy(t => t.FullName, StringComparer.Ordinal)
            .Select(t => (DiagnosticAnalyzer)Activator.CreateInstance(t)!)];

    /// <param name="framework">Whose reference assemblies (and which build of IrlExec.dll) the test compiles against.</param>
    /// <param name="withIrlExec">False for a compilation that does not reference IrlExec at all (no global using either).</param>
    public IrlExecTest(TargetFramework framework, bool withIrlExec = true)
    {
        Framework = framework;
        GlobalUsingsSource = withIrlExec ? GlobalUsings : null;
        // No reference-assembly package to resolve (nothing is downloaded): the pinned assemblies are added below.
        ReferenceAssemblies = framework == TargetFramework.Net80 ? Net80Assemblies : Net100Assemblies;
        TestState.AdditionalReferences.AddRange(framework == TargetFramework.Net80
            ? Basic.Reference.Assemblies.Net80.References.All
            : Basic.Reference.Assemblies.Net100.References.All);
        if (withIrlExec) TestState.AdditionalReferences.Add(IrlExecReference(framework));
        // Generated sources are the generator tests' concern; here the generator runs so the analyzers see its members.
        TestBehaviors |= TestBehaviors.SkipGeneratedSourcesCheck;
    }

    public TargetFramework Framework { get; }

    /// <summary>A file of global usings added to every state (default: <see cref="GlobalUsings"/>; null for none).</summary>
    public string? GlobalUsingsSource { get; set; }

    /// <summary>The source generators run before the analyzers (the IrlExec generator unless a test changes it).</summary>
    public List<Type> SourceGenerators { get; } = [typeof(WorkflowGenerator)];

    /// <summary>The code fixes under test (none for an analyzer test).</summary>
    public List<CodeFixProvider> CodeFixes { get; } = [];

    /// <summary>With <see cref="CodeFixTestBehaviors.FixOne"/>: which of the fixable diagnostics (in source order) is fixed.</summary>
    public int DiagnosticToFix { get; set; }

    public override string Language => LanguageNames.CSharp;

    protected override string DefaultFileExt => "cs";

    public override Type SyntaxKindType => typeof(SyntaxKind);

    protected override CompilationOptions CreateCompilationOptions() =>
        new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable);

    protected override ParseOptions CreateParseOptions() => new CSharpParseOptions(LanguageVersion.Latest);

    protected override IEnumerable<DiagnosticAnalyzer> GetDiagnosticAnalyzers() => Analyzers;

    protected override IEnumerable<CodeFixProvider> GetCodeFixProviders() => CodeFixes;

    protected override IEnumerable<Type> GetSourceGenerators() => SourceGenerators;

    // Every analyzer reports several ids: [| |] markup would silently pick one. Tests name the id: {|IRL0005:...|}.
    protected override DiagnosticDescriptor? GetDefaultDiagnostic(DiagnosticAnalyzer[] analyzers) => null;

    protected override Diagnostic? TrySelectDiagnosticToFix(ImmutableArray<Diagnostic> fixableDiagnostics) =>
        fixableDiagnostics.OrderBy(d => d.Location.SourceSpan.Start).ElementAtOrDefault(DiagnosticToFix);

    protected override Task RunImplAsync(CancellationToken cancellationToken)
    {
        if (GlobalUsingsSource is not null)
        {
            // The global usings are a file of every state that has its own sources (a fixed state does not inherit them).
            foreach (var state in new[] { TestState, FixedState, BatchFixedState })
            {
                if (state.Sources.Count > 0 && !state.Sources.Any(s => s.filename == GlobalUsingsPath)) state.Sources.Add((GlobalUsingsPath, GlobalUsingsSource));
            }
        }
        return base.RunImplAsync(cancellationToken);
    }

    // Static: the framework caches what an instance resolves (here nothing, without a package to download).
    private static readonly ReferenceAssemblies Net80Assemblies = new("net8.0");
    private static readonly ReferenceAssemblies Net100Assemblies = new("net10.0");

    private static MetadataReference IrlExecReference(TargetFramework framework) => framework switch
    {
        TargetFramework.Net100 => Net100IrlExec.Value,
        _ => Net80IrlExec.Value,
    };

    private static readonly Lazy<MetadataReference> Net100IrlExec = new(() =>
        MetadataReference.CreateFromFile(typeof(WorkflowAttribute).Assembly.Location));

    // The project file copies the net8.0 build of IrlExec there.
    private static readonly Lazy<MetadataReference> Net80IrlExec = new(() =>
        MetadataReference.CreateFromFile(Path.Combine(AppContext.BaseDirectory, "net8.0", "IrlExec.dll")));
}
