using System.Reflection;
using IrlExec.Analyzers.Tests.Infrastructure;
using Microsoft.CodeAnalysis;

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

    /// <summary>Samples compiled here from their own sources: console or library projects that reference no other sample.</summary>
    public static TheoryData<string> Samples() => SampleDirectories(standalone: true);

    /// <summary>
    /// Samples built on others (a web service using another sample's workflow, on the ASP.NET Core framework): their
    /// sources do not compile alone, so their real `dotnet build` (warnings as errors) runs IrlExec's analyzers instead.
    /// </summary>
    public static TheoryData<string> ComposedSamples() => SampleDirectories(standalone: false);

    private static TheoryData<string> SampleDirectories(bool standalone)
    {
        var data = new TheoryData<string>();
        foreach (var project in Directory.EnumerateFiles(Path.Combine(Repository.Root, "samples"), "*.csproj", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
        {
            if (IsStandalone(File.ReadAllText(project)) == standalone) data.Add(Path.GetRelativePath(Repository.Root, Path.GetDirectoryName(project)!));
        }
        return data;
    }

    // A web project, or one referencing a sibling sample ("..\\Other\\Other.csproj", not "..\\..\\src\\..."), is composed.
    private static bool IsStandalone(string project) =>
        !project.Contains("Sdk=\"Microsoft.NET.Sdk.Web\"", StringComparison.Ordinal) &&
        !System.Text.RegularExpressions.Regex.IsMatch(project, @"ProjectReference Include=""\.\.\\(?!\.\.\\)");

    [Fact]
    public void There_are_samples_to_check()
    {
        Assert.NotEmpty(Samples());
    }

    [Theory]
    [MemberData(nameof(ComposedSamples))]
    public void A_sample_built_on_others_runs_the_IrlExec_analyzers_in_its_build_with_warnings_as_errors(string sample)
    {
        var project = File.ReadAllText(Directory.EnumerateFiles(Path.Combine(Repository.Root, sample), "*.csproj").Single());
        Assert.Contains("<TreatWarningsAsErrors>true</TreatWarningsAsErrors>", project, StringComparison.Ordinal);
        Assert.Matches(@"ProjectReference Include=""[^""]*IrlExec\.Generators\.csproj"" OutputItemType=""Analyzer""", project);
    }

    [Theory]
    [MemberData(nameof(Samples))]
    public Task Sample_has_no_IrlExec_diagnostics(string sample)
    {
        var directory = Path.Combine(Repository.Root, sample);
        var project = File.ReadAllText(Directory.EnumerateFiles(directory, "*.csproj").Single());
        Assert.Contains("<TargetFramework>net10.0</TargetFramework>", project, StringComparison.Ordinal);
        var sources = Repository.SourceFiles(directory).ToList();
        Assert.True(sources.Count > 0, $"{sample} has no C# files.");

        // The samples target net10.0 only. No compiler error and no IrlExec diagnostic: nothing is expected.
        return Verify.Run(framework =>
        {
            var test = new IrlExecTest(framework)
            {
                GlobalUsingsSource = ImplicitUsings,
                TestState = { OutputKind = project.Contains("<OutputType>Exe</OutputType>", StringComparison.OrdinalIgnoreCase) ? OutputKind.ConsoleApplication : OutputKind.DynamicallyLinkedLibrary },
            };
            foreach (var file in sources) test.TestState.Sources.Add(("/0/" + Path.GetRelativePath(directory, file).Replace('\\', '/'), File.ReadAllText(file)));
            // Samples may declare a JsonSerializerContext: the SDK's System.Text.Json generator runs too, as in a build.
            test.SourceGenerators.AddRange(JsonGenerators.Value);
            return test;
        }, [TargetFramework.Net100]);
    }

    /// <summary>The System.Text.Json source generator of the SDK that runs these tests (from its targeting pack).</summary>
    private static readonly Lazy<IReadOnlyList<Type>> JsonGenerators = new(() =>
    {
        var dotnetRoot = Path.GetFullPath(Path.Combine(Path.GetDirectoryName(typeof(object).Assembly.Location)!, "..", "..", ".."));
        var path = Directory.EnumerateFiles(Path.Combine(dotnetRoot, "packs"), "System.Text.Json.SourceGeneration.dll", SearchOption.AllDirectories)
            .Where(p => p.Contains($"{Path.DirectorySeparatorChar}{Environment.Version.Major}.", StringComparison.Ordinal) && p.Contains($"{Path.DirectorySeparatorChar}cs{Path.DirectorySeparatorChar}", StringComparison.Ordinal))
            .Order(StringComparer.Ordinal).LastOrDefault();
        Assert.True(path is not null, $"System.Text.Json.SourceGeneration.dll not found under {dotnetRoot}/packs.");
        return [.. Assembly.LoadFrom(path).GetTypes().Where(t => t.GetCustomAttributes(typeof(GeneratorAttribute), false).Length > 0)];
    });
}
