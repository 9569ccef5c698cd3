using System.Collections.Immutable;
using IrlExec.Generators;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace IrlExec.Generators.Tests.Infrastructure;

/// <summary>Builds test compilations against the net10.0 reference assemblies plus IrlExec, and runs the generator on them.</summary>
internal static class GeneratorHarness
{
    public static readonly CSharpParseOptions ParseOptions = new(LanguageVersion.Latest);

    // The pinned net10.0 reference assemblies (not the running runtime's: results do not change with the host) plus IrlExec.
    private static readonly Lazy<ImmutableArray<MetadataReference>> References = new(() =>
        [.. Basic.Reference.Assemblies.Net100.References.All,
            MetadataReference.CreateFromFile(typeof(IrlExec.WorkflowAttribute).Assembly.Location)]);

    public static CSharpCompilation Compile(params string[] sources) =>
        CSharpCompilation.Create(
            "TestWorkflows",
            sources.Select((s, i) => CSharpSyntaxTree.ParseText(s, ParseOptions, path: $"Source{i}.cs")),
            References.Value,
            // What a project gets with <Nullable>enable</Nullable> and <TreatWarningsAsErrors>true</TreatWarningsAsErrors>
            // on the current SDK (every warning wave on): a warning in generated code fails the build.
            new CSharpCompilationOptions(
                OutputKind.DynamicallyLinkedLibrary,
                nullableContextOptions: NullableContextOptions.Enable,
                generalDiagnosticOption: ReportDiagnostic.Error,
                warningLevel: 9999));

    public static GeneratorDriver CreateDriver() =>
        CSharpGeneratorDriver.Create(
            [new WorkflowGenerator().AsSourceGenerator()],
            parseOptions: ParseOptions,
            driverOptions: new GeneratorDriverOptions(IncrementalGeneratorOutputKind.None, trackIncrementalGeneratorSteps: true));

    /// <summary>Runs the generator once: its results, and the compilation with the generated sources added.</summary>
    public static (GeneratorRunResult Result, Compilation Output) Run(params string[] sources)
    {
        var compilation = Compile(sources);
        var driver = CreateDriver().RunGeneratorsAndUpdateCompilation(compilation, out var output, out _);
        return (driver.GetRunResult().Results.Single(), output);
    }

    /// <summary>Asserts the compilation (user code plus generated sources) has no error and no warning.</summary>
    public static void AssertCompilesCleanly(Compilation compilation)
    {
        var problems = Problems(compilation);
        Assert.True(problems.Count == 0, "The compilation has problems:\n" + string.Join("\n", problems));
    }

    /// <summary>The errors and warnings of a compilation (the generated code must have none).</summary>
    public static IReadOnlyList<Diagnostic> Problems(Compilation compilation) =>
        compilation.GetDiagnostics().Where(d => d.Severity >= DiagnosticSeverity.Warning).ToList();
}
