using System.Text.RegularExpressions;
using IrlExec.Tests.Support;

namespace IrlExec.Tests.Artifacts;

/// <summary>The manifest's Completed Workflows table keeps the recent runs; older rows go to pages written once.</summary>
public class CompletedPagesTests
{
    private const int Keep = CompletedPages.KeepRecent;
    private const int Page = CompletedPages.PageRows;
    private static readonly DateTimeOffset Start = new(2026, 2, 8, 21, 0, 0, TimeSpan.Zero);

    // Run n finishes n minutes after Start: the rows cross midnight, so the pages carry more than one date.
    private static ExecutionState Run(int n, ExecutionStatus status) => new()
    {
        ExecutionId = $"exec_{n:D6}",
        Workflow = "bench",
        RunLabel = $"bench-2026-02-08-{n:D6}",
        Status = status,
        Actor = "tester",
        StartTime = Start.AddMinutes(n),
        LastUpdated = Start.AddMinutes(n).AddSeconds(30),
    };

    private static string ResultOf(int n) => $"results/bench-results-2026-02-08-{n:D6}.json";

    private static void Finish(ExecutionLayout layout, int from, int count)
    {
        for (var n = from; n < from + count; n++)
        {
            ExecutionManifest.Update(layout, Run(n, ExecutionStatus.InProgress));
            ExecutionManifest.Update(layout, Run(n, ExecutionStatus.CompletedSuccess));
        }
    }

    // The Results cells of a page's rows, in order.
    private static List<string> PageResults(string path) =>
        File.ReadAllLines(path).Where(l => l.StartsWith("| bench ", StringComparison.Ordinal)).Select(l => ManifestCells.Split(l)[3]).ToList();

    private static string ReadmeLinkRow(ExecutionLayout layout) =>
        File.ReadAllLines(layout.ManifestFile).Single(l => l.StartsWith("| " + CompletedPages.LinkLabel + " |", StringComparison.Ordinal));

    [Fact]
    public void Up_to_keep_plus_one_page_of_rows_the_readme_holds_every_row_and_no_page_exists()
    {
        using var root = new TempRoot();
        Finish(root.Layout, 0, Keep + Page);

        Assert.Equal(Keep + Page, ExecutionManifest.Read(root.Layout.ManifestFile).Completed.Count);
        Assert.Empty(ExecutionManifest.CompletedPageFiles(root.Layout));
        Assert.DoesNotContain(CompletedPages.LinkLabel, File.ReadAllText(root.Layout.ManifestFile), StringComparison.Ordinal);
    }

    [Fact]
    public void The_oldest_rows_roll_into_numbered_dated_pages_and_every_row_is_kept_once_in_order()
    {
        using var root = new TempRoot();
        const int runs = Keep + 3 * Page + 37;
        Finish(root.Layout, 0, runs);

        var readme = ExecutionManifest.Read(root.Layout.ManifestFile).Completed.Select(r => r.File).ToList();
        var pages = ExecutionManifest.CompletedPageFiles(root.Layout);
        Assert.Equal(3, pages.Count);
        Assert.Equal(["2026-02-08-00001.md", "2026-02-08-00002.md", "2026-02-09-00003.md"], pages.Select(Path.GetFileName));
        Assert.All(pages, p => Assert.Equal(Page, PageResults(p).Count));
        Assert.Equal(Keep + 37, readme.Count);
        // Pages oldest first, then the README: every run exactly once, in completion order.
        var all = pages.SelectMany(PageResults).Concat(readme).ToList();
        Assert.Equal(Enumerable.Range(0, runs).Select(ResultOf), all);
    }

    [Fact]
    public void The_readme_links_the_newest_page_and_each_page_links_the_one_before_it()
    {
        using var root = new TempRoot();
        Finish(root.Layout, 0, Keep + 2 * Page + 1);

        var link = ReadmeLinkRow(root.Layout);
        Assert.Equal($"| {CompletedPages.LinkLabel} | up to 2026-02-09T00:19:30Z | 2 pages | [completed/2026-02-08-00002.md](completed/2026-02-08-00002.md) | - |", link);
        // The link row is the table's first row (the oldest position), and is not read as an execution's row.
        var lines = File.ReadAllLines(root.Layout.ManifestFile).ToList();
        Assert.Equal(lines.IndexOf(link), lines.FindIndex(l => l.StartsWith("| Workflow | Completed", StringComparison.Ordinal)) + 2);
        Assert.DoesNotContain(ExecutionManifest.Read(root.Layout.ManifestFile).Completed, r => r.Workflow == CompletedPages.LinkLabel);

        var folder = Path.GetDirectoryName(root.Layout.ManifestFile)!;
        var target = Regex.Match(link, @"\]\(([^)]+)\)").Groups[1].Value;
        Assert.True(File.Exists(Path.Combine(folder, target)));
        var second = File.ReadAllText(Path.Combine(folder, target));
        var older = Regex.Match(second, @"Older runs: \[[^\]]+\]\(([^)]+)\)").Groups[1].Value;
        Assert.Equal("2026-02-08-00001.md", older);
        Assert.True(File.Exists(Path.Combine(folder, "completed", older)));
        Assert.Contains("This is the first page.", File.ReadAllText(Path.Combine(folder, "completed", older)), StringComparison.Ordinal);
        Assert.Empty(ExecutionManifest.CheckCompletedPages(root.Layout));
    }

    [Fact]
    public void A_page_is_never_rewritten_by_later_runs()
    {
        using var root = new TempRoot();
        Finish(root.Layout, 0, Keep + Page + 1);
        var first = Assert.Single(ExecutionManifest.CompletedPageFiles(root.Layout));
        var bytes = File.ReadAllBytes(first);
        var written = File.GetLastWriteTimeUtc(first);
        var inode = new FileInfo(first).CreationTimeUtc;

        Finish(root.Layout, Keep + Page + 1, 2 * Page + 5);

        Assert.Equal(3, ExecutionManifest.CompletedPageFiles(root.Layout).Count);
        Assert.Equal(bytes, File.ReadAllBytes(first));
        Assert.Equal(written, File.GetLastWriteTimeUtc(first));
        Assert.Equal(inode, new FileInfo(first).CreationTimeUtc);
    }

    [Fact]
    public void The_readme_stays_bounded_however_many_runs_finish()
    {
        using var root = new TempRoot();
        var sizes = new List<long>();
        for (var batch = 0; batch < 6; batch++)
        {
            Finish(root.Layout, batch * Page, Page);
            sizes.Add(new FileInfo(root.Layout.ManifestFile).Length);
        }

        Assert.InRange(ExecutionManifest.Read(root.Layout.ManifestFile).Completed.Count, Keep + 1, Keep + Page);
        Assert.True(sizes[^1] <= sizes[1] + 1024, $"README sizes: {string.Join(", ", sizes)}");
    }

    [Fact]
    public void An_update_cut_off_after_its_page_was_written_writes_the_same_page_again_and_loses_no_row()
    {
        using var root = new TempRoot();
        var layout = root.Layout;
        Finish(layout, 0, Keep + Page);
        ExecutionManifest.Update(layout, Run(Keep + Page, ExecutionStatus.InProgress));
        var before = File.ReadAllBytes(layout.ManifestFile);

        // The update that rolls over writes the page, then the README; put the old README back as if the process had
        // stopped between the two writes.
        ExecutionManifest.Update(layout, Run(Keep + Page, ExecutionStatus.CompletedSuccess));
        var page = Assert.Single(ExecutionManifest.CompletedPageFiles(layout));
        var pageBytes = File.ReadAllBytes(page);
        File.WriteAllBytes(layout.ManifestFile, before);
        ExecutionManifest.ForgetParsedDocument(layout.ManifestFile);

        ExecutionManifest.Update(layout, Run(Keep + Page, ExecutionStatus.CompletedSuccess));

        Assert.Equal(page, Assert.Single(ExecutionManifest.CompletedPageFiles(layout)));
        Assert.Equal(pageBytes, File.ReadAllBytes(page));
        var all = PageResults(page).Concat(ExecutionManifest.Read(layout.ManifestFile).Completed.Select(r => r.File)).ToList();
        Assert.Equal(Enumerable.Range(0, Keep + Page + 1).Select(ResultOf), all);
    }

    [Fact]
    public void A_readme_recreated_after_it_was_deleted_links_the_newest_page_again()
    {
        using var root = new TempRoot();
        Finish(root.Layout, 0, Keep + 2 * Page + 1);
        var link = ReadmeLinkRow(root.Layout);
        File.Delete(root.Layout.ManifestFile);

        Finish(root.Layout, Keep + 2 * Page + 1, 1);

        Assert.Equal(link, ReadmeLinkRow(root.Layout));
        Assert.Equal(2, ExecutionManifest.CompletedPageFiles(root.Layout).Count);
    }

    [Fact]
    public void Validate_names_a_page_row_that_does_not_fit_its_header_and_a_link_to_a_missing_page()
    {
        using var root = new TempRoot();
        Finish(root.Layout, 0, Keep + 2 * Page + 1);
        var pages = ExecutionManifest.CompletedPageFiles(root.Layout);
        var lines = File.ReadAllLines(pages[0]);
        var row = Array.FindIndex(lines, l => l.StartsWith("| bench ", StringComparison.Ordinal)) + 5;
        lines[row] = "| bench | broken row |";
        File.WriteAllLines(pages[0], lines);
        File.Delete(pages[1]);

        var problems = ExecutionManifest.CheckCompletedPages(root.Layout);

        Assert.Contains(problems, p => p.FilePath == pages[0] && p.Line == row + 1 && p.Problem.Contains("2 cells", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.FilePath == root.Layout.ManifestFile && p.Problem.Contains(Path.GetFileName(pages[1]), StringComparison.Ordinal));
    }

    [Fact]
    public void Validate_names_a_page_that_is_not_utf8_or_links_a_missing_older_page()
    {
        using var root = new TempRoot();
        Finish(root.Layout, 0, Keep + 3 * Page + 1);
        var pages = ExecutionManifest.CompletedPageFiles(root.Layout);
        var bytes = File.ReadAllBytes(pages[2]);
        bytes[^10] = 0xFF;
        File.WriteAllBytes(pages[2], bytes);
        File.Delete(pages[0]);

        var problems = ExecutionManifest.CheckCompletedPages(root.Layout);

        Assert.Contains(problems, p => p.FilePath == pages[2] && p.Problem.Contains("not UTF-8", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.FilePath == pages[1] && p.Problem.Contains(Path.GetFileName(pages[0]), StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_repair_of_a_deleted_readme_places_only_the_rows_no_page_holds_and_leaves_the_pages_alone()
    {
        using var root = new TempRoot();
        var workflow = TestWorkflow.Create("small", StepSpec.Sync("one", (_, _) => { }));
        var runner = WorkflowRunner.ForDirectory(root.Path);
        for (var i = 0; i < Keep + Page + 3; i++) await runner.RunAsync(workflow);
        var page = Assert.Single(ExecutionManifest.CompletedPageFiles(root.Layout));
        var pageBytes = File.ReadAllBytes(page);
        var readme = ExecutionManifest.Read(root.Layout.ManifestFile).Completed.Select(r => r.File).ToList();
        Assert.Equal(Page / 2 + 3 + Keep - Page / 2, readme.Count);
        Assert.True(new ViewRepair(root.Layout).Check().Consistent);

        File.Delete(root.Layout.ManifestFile);
        var check = new ViewRepair(root.Layout).Check();
        var repair = new ViewRepair(root.Layout).Repair();

        // Only the executions whose rows the README held are missing; those a page holds are where they belong.
        Assert.Equal(readme.Count, check.Findings.Count(f => f.View == ViewKind.Manifest));
        Assert.True(repair.Consistent);
        Assert.Equal(readme.Order(StringComparer.Ordinal), ExecutionManifest.Read(root.Layout.ManifestFile).Completed.Select(r => r.File).Order(StringComparer.Ordinal));
        Assert.Equal(page, Assert.Single(ExecutionManifest.CompletedPageFiles(root.Layout)));
        Assert.Equal(pageBytes, File.ReadAllBytes(page));
        Assert.True(new ViewRepair(root.Layout).Check().Consistent);
        Assert.Empty(ExecutionManifest.CheckCompletedPages(root.Layout));
    }
}
