using IrlExec.Analyzers.Tests.Infrastructure;
using IrlExec.Generators.Diagnostics;

namespace IrlExec.Analyzers.Tests;

/// <summary>Every diagnostic has its documentation page, index row, release-tracking entry and help link, and one analyzer reports it.</summary>
public class DescriptorTests
{
    public static TheoryData<string> Ids()
    {
        var data = new TheoryData<string>();
        foreach (var descriptor in DiagnosticDescriptors.All) data.Add(descriptor.Id);
        return data;
    }

    private static Microsoft.CodeAnalysis.DiagnosticDescriptor Descriptor(string id) => DiagnosticDescriptors.All.Single(d => d.Id == id);

    [Fact]
    public void Ids_are_unique_and_numbered_from_IRL0001_without_gaps()
    {
        Assert.Equal(
            Enumerable.Range(1, DiagnosticDescriptors.All.Length).Select(i => $"IRL{i:0000}"),
            DiagnosticDescriptors.All.Select(d => d.Id).Order(StringComparer.Ordinal));
    }

    [Theory]
    [MemberData(nameof(Ids))]
    public void Diagnostic_is_reported_by_exactly_one_analyzer(string id)
    {
        Assert.Single(IrlExecTest.Analyzers, a => a.SupportedDiagnostics.Any(d => d.Id == id));
    }

    [Theory]
    [MemberData(nameof(Ids))]
    public void Help_link_points_at_the_diagnostics_page_in_the_repository(string id)
    {
        Assert.Equal($"https://github.com/irlexec/irlexec/blob/main/docs/diagnostics/{id}.md", Descriptor(id).HelpLinkUri);
    }

    [Theory]
    [MemberData(nameof(Ids))]
    public void Documentation_page_explains_what_why_wrong_right_and_fix(string id)
    {
        var path = Path.Combine(Repository.Root, "docs", "diagnostics", id + ".md");
        Assert.True(File.Exists(path), $"{path} is missing.");
        var page = File.ReadAllText(path);
        Assert.StartsWith($"# {id}: {Descriptor(id).Title}", page, StringComparison.Ordinal);
        foreach (var section in new[] { "## What it reports", "## Why it matters", "## Wrong", "## Right", "## How to fix" })
        {
            Assert.Contains(section, page, StringComparison.Ordinal);
        }
        Assert.Contains($"Severity: **{Descriptor(id).DefaultSeverity}**", page, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(Ids))]
    public void Index_lists_the_diagnostic(string id)
    {
        var index = File.ReadAllText(Path.Combine(Repository.Root, "docs", "diagnostics", "README.md"));
        Assert.Contains($"| [{id}]({id}.md) | {Descriptor(id).DefaultSeverity} | {Descriptor(id).Title} |", index, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(Ids))]
    public void Unshipped_release_notes_list_the_diagnostic_with_its_category_and_severity(string id)
    {
        var notes = File.ReadAllText(Path.Combine(Repository.Root, "src", "IrlExec.Generators", "AnalyzerReleases.Unshipped.md"));
        Assert.Contains($"{id} | {Descriptor(id).Category} | {Descriptor(id).DefaultSeverity} |", notes, StringComparison.Ordinal);
    }

    [Fact]
    public void Documentation_index_is_linked_from_the_docs_readme()
    {
        Assert.Contains("(diagnostics/README.md)", File.ReadAllText(Path.Combine(Repository.Root, "docs", "README.md")), StringComparison.Ordinal);
    }
}
