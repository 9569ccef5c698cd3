namespace IrlExec.Cli.Commands;

/// <summary>
/// Which executions a root holds, as <c>irlexec list</c> takes them: every execution with a history in
/// <c>execution/state/</c> (the index of finished executions gives the time of those it lists as finished), and those
/// whose history is missing while their snapshot or markdown copy still shows them. Found by one listing of the folder
/// and one pass over the index; or, while the folder and the index are as the last listing found them, from the stamp
/// that listing left (<see cref="StateListingStamp"/>) and the same pass over the index, without listing the folder. Both
/// give the same executions in the same order.
/// </summary>
internal sealed class ExecutionMembership
{
    /// <summary>The executions with a history the index does not list as finished, in the order the listing gave them.</summary>
    public List<string> Unindexed { get; } = [];

    /// <summary>The executions with a history the index lists as finished, with the time its last line naming them gives.</summary>
    public List<(DateTimeOffset Updated, string Id)> Finished { get; } = [];

    /// <summary>The executions whose history is missing while their snapshot or markdown still shows them, in id order.</summary>
    public List<string> ViewOnly { get; } = [];

    /// <summary>The lines of the index that cannot be read.</summary>
    public IReadOnlyList<ExecutionDataException> IndexProblems { get; private set; } = [];

    /// <summary>Whether the executions came from the stamp (the folder was not listed).</summary>
    public bool FromStamp { get; private set; }

    /// <summary>The executions of the root: from the stamp when it holds, else from a listing of the folder (which then leaves a stamp when it can).</summary>
    public static ExecutionMembership Find(ExecutionLayout layout, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        // Taken before the folder's time: a change after it, in the same tick as the time read, is caught by SafeAge.
        var began = DateTime.UtcNow.Ticks;
        var state = new DirectoryInfo(layout.StateDirectory);
        long? stateModified = state.Exists ? state.LastWriteTimeUtc.Ticks : null;
        var index = IndexFileStat.Of(layout);
        if (stateModified is { } modified && StateListingStamp.Read(layout) is { } stamp && stamp.Holds(modified, index, began)
            && FromStampOrNull(layout, stamp) is { } fromStamp)
        {
            return fromStamp;
        }
        return FromListing(layout, began, stateModified, index, cancellationToken);
    }

    private static ExecutionMembership FromListing(ExecutionLayout layout, long began, long? stateModified, IndexFileStat index, CancellationToken cancellationToken)
    {
        var listing = ExecutionFolder.ListIds(layout, cancellationToken);
        // The index is read line by line, each line matched against the listing: no entry is built for the executions it
        // lists (nearly every execution of a large root).
        var ids = listing.Ids.GetAlternateLookup<ReadOnlySpan<char>>();
        var lines = 0;
        var scan = FinishedIndex.Scan(layout, (int line, ReadOnlySpan<char> id, DateTimeOffset updated) =>
        {
            lines = line;
            // The later line of an execution listed twice is the one read.
            if (ids.TryGetValue(id, out var seen) && seen.HistoryOrder > 0) ids[id] = seen with { Finished = updated, FinishedLine = line };
        });
        foreach (var problem in scan.Problems) lines = Math.Max(lines, problem.Line);

        var membership = new ExecutionMembership { IndexProblems = scan.Problems };
        var counted = new List<int>();
        foreach (var (id, seen) in listing.Ids.Where(i => i.Value.HistoryOrder > 0).OrderBy(i => i.Value.HistoryOrder))
        {
            if (seen.Finished is { } updated)
            {
                membership.Finished.Add((updated, id));
                counted.Add(seen.FinishedLine);
            }
            else membership.Unindexed.Add(id);
        }
        membership.ViewOnly.AddRange(listing.ViewOnly);

        // A stamp only of a folder and an index that did not change while they were read, and whose times are safely older
        // than the listing (see StateListingStamp).
        if (stateModified is { } modified && StateListingStamp.SafelyOlder(modified, index, began)
            && new DirectoryInfo(layout.StateDirectory) is { Exists: true } after && after.LastWriteTimeUtc.Ticks == modified && IndexFileStat.Of(layout) == index)
        {
            new StateListingStamp
            {
                StateModified = modified, Index = index, IndexLines = index.Exists ? lines : 0, IndexedExecutions = membership.Finished.Count, Listed = began,
                Skipped = Gaps(counted, index.Exists ? lines : 0), Histories = membership.Unindexed, Views = listing.ViewCandidates,
            }.TryWrite(layout);
        }
        return membership;
    }

    // The executions as the stamp gives them; null when the index does not match it after all (then the folder is listed).
    private static ExecutionMembership? FromStampOrNull(ExecutionLayout layout, StateListingStamp stamp)
    {
        var membership = new ExecutionMembership { FromStamp = true };
        var skipped = stamp.Skipped;
        var next = 0;
        var scan = FinishedIndex.Scan(layout, (int line, ReadOnlySpan<char> id, DateTimeOffset updated) =>
        {
            // Lines appended since the index's time was read are not the stamp's: the root as of that instant is listed.
            if (line > stamp.IndexLines) return;
            while (next < skipped.Count && skipped[next].Last < line) next++;
            if (next < skipped.Count && skipped[next].First <= line) return;
            membership.Finished.Add((updated, id.ToString()));
        });
        if (scan.Exists != stamp.Index.Exists || membership.Finished.Count != stamp.IndexedExecutions) return null;
        membership.IndexProblems = scan.Problems.Count == 0 ? scan.Problems : [.. scan.Problems.Where(p => p.Line <= stamp.IndexLines)];
        membership.Unindexed.AddRange(stamp.Histories);
        foreach (var id in stamp.Views)
        {
            if (ExecutionStateFiles.ShowsExecution(layout, id)) membership.ViewOnly.Add(id);
        }
        return membership;
    }

    // The ranges of 1..lines that are not in counted.
    private static List<(int First, int Last)> Gaps(List<int> counted, int lines)
    {
        counted.Sort();
        var gaps = new List<(int, int)>();
        var expected = 1;
        foreach (var line in counted)
        {
            if (line > expected) gaps.Add((expected, line - 1));
            expected = line + 1;
        }
        if (lines >= expected) gaps.Add((expected, lines));
        return gaps;
    }
}
