using IrlExec.Tests.Support;
using static IrlExec.Tests.Artifacts.ArtifactSupport;

namespace IrlExec.Tests.Artifacts;

/// <summary>
/// The manifest is usually rendered in one pass (both tables written straight into the text, the next document built from
/// the rows written). Through any sequence of updates it must write exactly what rendering each table apart and reading
/// the result back writes.
/// </summary>
[Collection(nameof(ManifestRenderSwitch))]
public sealed class ManifestOnePassRenderTests
{
    private static readonly DateTimeOffset Start = new(2026, 2, 8, 0, 45, 0, TimeSpan.Zero);

    public static TheoryData<string> Readmes => ["seed", "seed-crlf", "seed-bom", "one-crlf-row", "user-rows-spaced", "table-at-end", "no-sections", "template", "template-crlf", "snapshot-block-first"];

    [Theory]
    [MemberData(nameof(Readmes))]
    public void Updates_rendered_in_one_pass_write_what_tables_rendered_apart_write(string readme)
    {
        using var onePass = new TempRoot();
        using var apart = new TempRoot();
        ManifestReadmes.Write(onePass.Layout, readme);
        ManifestReadmes.Write(apart.Layout, readme);
        var random = new Random(readme.Length * 104729);
        var runs = new List<ExecutionState>();
        try
        {
            // Past KeepRecent + PageRows finished runs, so the Completed table rolls over into a page too.
            for (var i = 0; i < 1200; i++)
            {
                var state = NextUpdate(random, runs, i);
                ManifestDocument.RendersInOnePass = false;
                ExecutionManifest.Update(apart.Layout, state);
                ManifestDocument.RendersInOnePass = true;
                ExecutionManifest.Update(onePass.Layout, state);

                Assert.Equal(File.ReadAllText(apart.Layout.ManifestFile), File.ReadAllText(onePass.Layout.ManifestFile));
                Assert.Equal(File.ReadAllBytes(apart.Layout.ManifestFile), File.ReadAllBytes(onePass.Layout.ManifestFile));
            }
            Assert.NotEmpty(ExecutionManifest.CompletedPageFiles(onePass.Layout));
            Assert.Equal(ExecutionManifest.CompletedPageFiles(apart.Layout).Select(Path.GetFileName), ExecutionManifest.CompletedPageFiles(onePass.Layout).Select(Path.GetFileName));
        }
        finally
        {
            ManifestDocument.RendersInOnePass = true;
        }
    }

    // Starts a run, or moves a known one on (paused with a reason that holds a secret, resumed, completed, failed), or
    // replays an update already made.
    private static ExecutionState NextUpdate(Random random, List<ExecutionState> runs, int i)
    {
        if (i % 3 == 2)
        {
            // Most runs finish, so the Completed table fills.
            var finished = Run(runs.Count, random.Next(4) == 0 ? ExecutionStatus.CompletedFailure : ExecutionStatus.CompletedSuccess, i);
            return finished;
        }
        if (runs.Count == 0 || random.Next(2) == 0)
        {
            var started = Run(runs.Count + 1, ExecutionStatus.InProgress, i);
            runs.Add(started);
            return started;
        }
        var run = runs[runs.Count - 1 - random.Next(Math.Min(4, runs.Count))];
        ExecutionStatus[] moves = [ExecutionStatus.InProgress, ExecutionStatus.Paused, ExecutionStatus.Resumed, ExecutionStatus.CompletedSuccess, ExecutionStatus.CompletedSuccess, ExecutionStatus.CompletedFailure];
        var status = moves[random.Next(moves.Length)];
        var next = Run(int.Parse(run.RunLabel[^4..], System.Globalization.CultureInfo.InvariantCulture), status, i);
        next.StatusReason = status == ExecutionStatus.Paused ? (random.Next(2) == 0 ? "approval | needed #" + i : "token Bearer sk-abcdef0123456789abcdef leaked\nover two lines") : null;
        return next;
    }

    private static ExecutionState Run(int number, ExecutionStatus status, int i) => new()
    {
        ExecutionId = $"exec_{number:D4}",
        Workflow = "wf",
        RunLabel = $"wf-2026-02-08-{number:D4}",
        Status = status,
        Mode = ExecutionMode.Execution,
        Actor = "agent",
        StartTime = Start,
        LastUpdated = Start.AddMinutes(i),
    };
}

/// <summary>The tests that switch <see cref="ManifestDocument.RendersInOnePass"/> run one at a time.</summary>
[CollectionDefinition(nameof(ManifestRenderSwitch))]
public sealed class ManifestRenderSwitch;
