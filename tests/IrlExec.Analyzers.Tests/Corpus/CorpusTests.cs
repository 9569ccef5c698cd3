using IrlExec.Analyzers.Tests.Infrastructure;
using Microsoft.CodeAnalysis.Testing;

namespace IrlExec.Analyzers.Tests.Corpus;

/// <summary>
/// A corpus of realistic workflow and host files (Corpus/Broken, Corpus/Valid; not compiled into this project): every
/// broken file gets exactly the diagnostics its markup names, at those spans, and nothing else; every valid file, tricky
/// but correct code, gets none. The analyzer's catch rate over the broken files is asserted (at least 95 %), with the
/// files it still misses listed in Corpus/KnownMisses.txt and checked to be missed (so the list cannot go stale).
/// </summary>
public sealed class CorpusTests
{
    private static readonly string Folder = Path.Combine(Repository.Root, "tests", "IrlExec.Analyzers.Tests", "Corpus");

    private static IReadOnlyList<string> Files(string kind) =>
        [.. Directory.EnumerateFiles(Path.Combine(Folder, kind), "*.cs").Select(Path.GetFileName).Order(StringComparer.Ordinal)!];

    private static IReadOnlyList<string> KnownMisses { get; } =
        [.. File.ReadAllLines(Path.Combine(Folder, "KnownMisses.txt")).Select(l => l.Split('#')[0].Trim()).Where(l => l.Length > 0)];

    public static TheoryData<string> BrokenFiles()
    {
        var data = new TheoryData<string>();
        foreach (var file in Files("Broken").Except(KnownMisses)) data.Add(file);
        return data;
    }

    public static TheoryData<string> ValidFiles()
    {
        var data = new TheoryData<string>();
        foreach (var file in Files("Valid")) data.Add(file);
        return data;
    }

    [Theory]
    [MemberData(nameof(BrokenFiles))]
    public Task Broken_file_gets_exactly_its_diagnostics(string file) => Check(File.ReadAllText(Path.Combine(Folder, "Broken", file)));

    [Theory]
    [MemberData(nameof(ValidFiles))]
    public Task Valid_file_gets_no_diagnostic(string file)
    {
        var source = File.ReadAllText(Path.Combine(Folder, "Valid", file));
        Assert.DoesNotContain("{|", source, StringComparison.Ordinal);
        return Check(source);
    }

    [Fact]
    public async Task Known_misses_are_still_missed()
    {
        // Each one's marked diagnostics are not reported as marked (when one is, remove it from KnownMisses.txt).
        foreach (var file in KnownMisses)
        {
            var source = File.ReadAllText(Path.Combine(Folder, "Broken", file));
            await Assert.ThrowsAnyAsync<Exception>(() => Check(source));
        }
    }

    [Fact]
    public void Catch_rate_over_the_broken_files_is_at_least_95_percent()
    {
        var broken = Files("Broken");
        Assert.All(KnownMisses, miss => Assert.Contains(miss, broken));
        var caught = broken.Count - KnownMisses.Count;
        var rate = (double)caught / broken.Count;
        Assert.True(broken.Count >= 60, $"The corpus has {broken.Count} broken files; keep it at 60 or more.");
        Assert.True(rate >= 0.95, $"Caught {caught} of {broken.Count} broken files ({rate:P1}); missed: {string.Join(", ", KnownMisses)}");
    }

    [Fact]
    public void Every_broken_file_marks_at_least_one_diagnostic()
    {
        foreach (var file in Files("Broken"))
        {
            Assert.True(File.ReadAllText(Path.Combine(Folder, "Broken", file)).Contains("{|IRL", StringComparison.Ordinal), file + " marks no diagnostic");
        }
    }

    private static Task Check(string source) =>
        Verify.Run(framework =>
        {
            var test = new IrlExecTest(framework) { TestCode = source };
            test.SourceGenerators.Add(typeof(JsonContextStubGenerator));
            // A file without a namespace is a console program's top-level statements.
            if (!source.Contains("namespace ", StringComparison.Ordinal)) test.TestState.OutputKind = Microsoft.CodeAnalysis.OutputKind.ConsoleApplication;
            return test;
        }, [TargetFramework.Net100]);
}
