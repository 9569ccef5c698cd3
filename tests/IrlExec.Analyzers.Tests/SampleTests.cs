using System.Reflection;
using IrlExec.Analyzers.Tests.Infrastructure;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace IrlExec.Analyzers.Tests;

/// <summary>Every sample in samples/ compiles with the generators run and gets no IrlExec diagnostic.</summary>
public class SampleTests
{
    /// <summary>The SDK's implicit usings for a console project (samples rely on them).</summary>
    private const string ImplicitUsings = """
        global using System;
        global using System.Collections.Generic;
        global using System.IO;
        global using System.Linq;
        global using System.Net.Http;
        global using System.Threading;
        global using System.Threading.Tasks;
        """;

    public static TheoryData<string> Samples()
    {
        var data = new TheoryData<string>();
        foreach (var project in Directory.EnumerateFiles(Path.Combine(Repository.Root, "samples"), "*.csproj", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
        {
            data.Add(Path.GetRelativePath(Repository.Root, Path.GetDirectoryName(project)!));
        }
        return data;
    }

    [Fact]
    public void There_are_samples_to_check()
    {
        Assert.NotEmpty(Samples());
    }

    [Theory]
    [MemberData(nameof(Samples))]
    public void Sample_has_no_IrlExec_diagnostics(string sample)
    {
        var directory = Path.Combine(Repository.Root, sample);
        var project = File.ReadAllText(Directory.EnumerateFiles(directory, "*.csproj").Single());
        var kind = project.Contains("<OutputType>Exe</OutputType>", StringComparison.OrdinalIgnoreCase) ? OutputKind.ConsoleApplication : OutputKind.DynamicallyLinkedLibrary;
        var sources = Repository.SourceFiles(directory).Select(f => (f, File.ReadAllText(f))).Prepend(("ImplicitUsings.cs", ImplicitUsings)).ToList();
        Assert.True(sources.Count > 1, $"{sample} has no C# files.");

        var compilation = AnalyzerHarness.Generate(AnalyzerHarness.Compile(sources, kind));
        compilation = RunJsonGenerator(compilation);
        var errors = compilation.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error).ToList();
        Assert.True(errors.Count == 0, $"{sample} does not compile in the test harness:\n" + string.Join("\n", errors.Take(20)));
        Assert.Empty(AnalyzerHarness.Analyze(compilation).Select(d => d.ToString()));
    }

    /// <summary>Samples may declare a JsonSerializerContext: run the SDK's System.Text.Json generator too, as a build does.</summary>
    private static Compilation RunJsonGenerator(Compilation compilation)
    {
        var dotnetRoot = Path.GetFullPath(Path.Combine(Path.GetDirectoryName(typeof(object).Assembly.Location)!, "..", "..", ".."));
        var generator = Directory.Exists(Path.Combine(dotnetRoot, "packs"))
            ? Directory.EnumerateFiles(Path.Combine(dotnetRoot, "packs"), "System.Text.Json.SourceGeneration.dll", SearchOption.AllDirectories)
                .Where(p => p.Contains($"{Path.DirectorySeparatorChar}{Environment.Version.Major}.", StringComparison.Ordinal) && p.Contains($"{Path.DirectorySeparatorChar}cs{Path.DirectorySeparatorChar}", StringComparison.Ordinal))
                .Order(StringComparer.Ordinal).LastOrDefault()
            : null;
        if (generator is null) return compilation; // a sample that needs it then fails with the compiler errors above
        var reference = new AnalyzerFileReference(generator, new Loader());
        var driver = Microsoft.CodeAnalysis.CSharp.CSharpGeneratorDriver.Create(reference.GetGenerators(LanguageNames.CSharp), parseOptions: AnalyzerHarness.ParseOptions);
        driver.RunGeneratorsAndUpdateCompilation(compilation, out var output, out _);
        return output;
    }

    private sealed class Loader : IAnalyzerAssemblyLoader
    {
        public void AddDependencyLocation(string fullPath) { }

        public Assembly LoadFromPath(string fullPath) => Assembly.LoadFrom(fullPath);
    }
}
