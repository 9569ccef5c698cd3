using IrlExec.Tests.Support;
using static IrlExec.Tests.Artifacts.ArtifactSupport;

namespace IrlExec.Tests.Artifacts;

/// <summary>
/// An update of the manifest reuses the document of the bytes it last wrote instead of parsing the file again. Whatever
/// the file looked like, that must write exactly what a parse would have written.
/// </summary>
public sealed class ManifestDocumentReuseTests
{
    private static readonly DateTimeOffset Start = new(2026, 2, 8, 0, 45, 0, TimeSpan.Zero);

    public static TheoryData<string> Readmes => ["seed", "seed-crlf", "seed-bom", "user-rows", "table-at-end", "no-sections", "heading-without-table", "template", "template-crlf", "snapshot-block-first"];

    [Theory]
    [MemberData(nameof(Readmes))]
    public void Updates_that_reuse_the_last_document_write_what_updates_that_parse_write(string readme)
    {
        using var reused = new TempRoot();
        using var parsed = new TempRoot();
        ManifestReadmes.Write(reused.Layout, readme);
        ManifestReadmes.Write(parsed.Layout, readme);
        var random = new Random(readme.Length * 7919);
        var runs = new List<ExecutionState>();

        for (var i = 0; i < 80; i++)
        {
            var state = NextUpdate(random, runs, i);
            var kept = ExecutionManifest.HasParsedDocument(reused.Layout.ManifestFile);
            ExecutionManifest.Update(reused.Layout, state);
            ExecutionManifest.ForgetParsedDocument(parsed.Layout.ManifestFile);
            ExecutionManifest.Update(parsed.Layout, state);

            Assert.Equal(File.ReadAllBytes(parsed.Layout.ManifestFile), File.ReadAllBytes(reused.Layout.ManifestFile));
            // From the second update on, each update of the reused root started from the document its last one kept
            // (the first may have had to insert a table, after which the text is parsed once more).
            if (i >= 2) Assert.True(kept, $"no document was kept before update {i}");
        }
    }

    [Fact]
    public void A_file_changed_by_hand_between_updates_is_parsed_again()
    {
        using var root = new TempRoot();
        ManifestReadmes.Write(root.Layout, "seed");
        ExecutionManifest.Update(root.Layout, Run(1, ExecutionStatus.InProgress));
        Assert.True(ExecutionManifest.HasParsedDocument(root.Layout.ManifestFile));
        var edited = File.ReadAllText(root.Layout.ManifestFile).Replace("## Completed Workflows", "## Completed Workflows\n\nKept by hand too.", StringComparison.Ordinal);
        File.WriteAllText(root.Layout.ManifestFile, edited);

        ExecutionManifest.Update(root.Layout, Run(1, ExecutionStatus.CompletedSuccess));

        var text = File.ReadAllText(root.Layout.ManifestFile);
        Assert.Contains("Kept by hand too.", text, StringComparison.Ordinal);
        Assert.Contains("| ✓ Complete | results/wf-results-2026-02-08-001.json |", text, StringComparison.Ordinal);
        Assert.DoesNotContain("logs/wf-2026-02-08-001.log", text, StringComparison.Ordinal);
    }

    // Starts a run, or moves a known one on (paused, resumed, completed, failed), or replays an update already made.
    private static ExecutionState NextUpdate(Random random, List<ExecutionState> runs, int i)
    {
        if (runs.Count == 0 || random.Next(3) == 0)
        {
            var started = Run(runs.Count + 1, ExecutionStatus.InProgress);
            runs.Add(started);
            return started;
        }
        var run = runs[random.Next(runs.Count)];
        var status = (ExecutionStatus)random.Next((int)ExecutionStatus.InProgress, (int)ExecutionStatus.CompletedFailure + 1);
        var next = Run(int.Parse(run.RunLabel[^3..], System.Globalization.CultureInfo.InvariantCulture), status);
        next.StatusReason = status == ExecutionStatus.Paused ? "approval | needed #" + i : null;
        next.LastUpdated = Start.AddMinutes(i);
        return next;
    }

    private static ExecutionState Run(int number, ExecutionStatus status) => new()
    {
        ExecutionId = $"exec_{number:D3}",
        Workflow = "wf",
        RunLabel = $"wf-2026-02-08-{number:D3}",
        Status = status,
        Mode = ExecutionMode.Execution,
        Actor = "agent",
        StartTime = Start,
        LastUpdated = Start,
    };
}
