namespace IrlExec.Cli.Commands;

/// <summary>
/// Which executions a root holds, as <c>irlexec list</c> takes them: every execution with a history in
/// <c>execution/state/</c> (the index of finished executions gives the time of those it lists as finished), and those
/// whose history is missing while their snapshot or markdown copy still shows them. Found by one listing of the folder
/// and one pass over the index; or, without listing the folder, from the stamp that listing left
/// (<see cref="StateListingStamp"/>) and the same pass over the index: as the stamp gives them while the folder and the
/// index are unchanged, or, after runs, as the stamp gives them plus the executions the journal of started executions
/// (<see cref="StartedJournal"/>) names since, each looked up on disk. Every way gives the same executions in the same order.
/// </summary>
internal sealed class ExecutionMembership
{
    /// <summary>The executions with a history the index does not list as finished, in id order.</summary>
    public List<string> Unindexed { get; private set; } = [];

    /// <summary>The executions with a history the index lists as finished, with the time its last line naming them gives.</summary>
    public List<(DateTimeOffset Updated, string Id)> Finished { get; private set; } = [];

    /// <summary>The executions whose history is missing while their snapshot or markdown still shows them, in id order.</summary>
    public List<string> ViewOnly { get; } = [];

    /// <summary>The lines of the index that cannot be read.</summary>
    public IReadOnlyList<ExecutionDataException> IndexProblems { get; private set; } = [];

    /// <summary>Whether the executions came from the stamp alone (the folder was not listed).</summary>
    public bool FromStamp { get; private set; }

    /// <summary>Whether the executions came from the stamp and the journal (the folder was not listed).</summary>
    public bool FromJournal { get; private set; }

    /// <summary>The executions of the root: from the stamp when it holds, else from the stamp and the journal when they may be trusted, else from a listing of the folder (which then leaves a stamp when it can).</summary>
    public static ExecutionMembership Find(ExecutionLayout layout, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        // Taken before the folder's time: a change after it, in the same tick as the time read, is caught by SafeAge.
        var began = DateTime.UtcNow.Ticks;
        var state = new DirectoryInfo(layout.StateDirectory);
        long? stateModified = state.Exists ? state.LastWriteTimeUtc.Ticks : null;
        var index = IndexFileStat.Of(layout);
        var stamp = stateModified is null ? null : StateListingStamp.Read(layout);
        if (stamp is not null && stamp.Holds(stateModified!.Value, index, began) && FromStampOrNull(layout, stamp) is { } fromStamp)
        {
            return fromStamp;
        }
        var boot = BootIdentity.Current();
        if (stamp is not null && FromJournalOrNull(layout, stamp, boot, began, stateModified!.Value, index, cancellationToken) is { } fromJournal)
        {
            return fromJournal;
        }
        return FromListing(layout, began, stateModified, index, boot, cancellationToken);
    }

    private static ExecutionMembership FromListing(ExecutionLayout layout, long began, long? stateModified, IndexFileStat index, string? boot, CancellationToken cancellationToken)
    {
        // Read before the listing: an execution whose line comes later is one the journal gives to the next list.
        var journal = StartedJournalReader.ReadAll(layout);
        var listing = ExecutionFolder.ListIds(layout, cancellationToken);
        // The index is read line by line, each line matched against the listing: no entry is built for the executions it
        // lists (nearly every execution of a large root).
        var ids = listing.Ids.GetAlternateLookup<ReadOnlySpan<char>>();
        var scan = FinishedIndex.Scan(layout, long.MaxValue, index.Exists ? index.Length : -1, (int line, ReadOnlySpan<char> id, DateTimeOffset updated) =>
        {
            // The later line of an execution listed twice is the one read.
            if (ids.TryGetValue(id, out var seen) && seen.HistoryOrder > 0) ids[id] = seen with { Finished = updated, FinishedLine = line };
        });
        // The lines of the index as its length was read (lines appended since are read too, but not the stamp's).
        var lines = scan.PrefixLines ?? 0;

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
        membership.Unindexed.Sort(StringComparer.Ordinal);
        membership.ViewOnly.AddRange(listing.ViewOnly);

        // A stamp only of a folder and an index that did not change while they were read, and whose times are safely older
        // than the listing (see StateListingStamp).
        if (stateModified is { } modified && StateListingStamp.SafelyOlder(modified, index, began) && (!index.Exists || scan.PrefixHash is not null)
            && new DirectoryInfo(layout.StateDirectory) is { Exists: true } after && after.LastWriteTimeUtc.Ticks == modified && IndexFileStat.Of(layout) == index)
        {
            new StateListingStamp
            {
                StateModified = modified, Index = index, IndexLines = index.Exists ? lines : 0, IndexedExecutions = membership.Finished.Count,
                IndexHash = index.Exists ? scan.PrefixHash!.Value : 0, Listed = began,
                JournalLength = journal?.Length ?? -1, JournalTail = journal?.Tail ?? [], Boot = boot,
                Skipped = Gaps(counted, index.Exists ? lines : 0), Histories = membership.Unindexed, Views = listing.ViewCandidates,
                Pending = journal is null ? [] : Pending(layout, journal.Ids, listing),
            }.TryWrite(layout);
        }
        return membership;
    }

    // The journal's executions the listing found no history of, that a runner began (its lease's lock file is there: a runner
    // takes the lease before it creates the history): a creation that was under way, or one that failed. An id whose files
    // are all gone (deleted) is not one.
    private static List<string> Pending(ExecutionLayout layout, List<string> journaled, StateListing listing)
    {
        var pending = new List<string>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var id in journaled)
        {
            if (listing.Ids.TryGetValue(id, out var found) && found.HistoryOrder > 0) continue;
            if (seen.Add(id) && File.Exists(layout.LockFile(id))) pending.Add(id);
        }
        return pending;
    }

    // The executions as the stamp gives them, with those the journal names since it (and its pending ones) looked up on disk;
    // null when they may not be trusted (then the folder is listed).
    private static ExecutionMembership? FromJournalOrNull(ExecutionLayout layout, StateListingStamp stamp, string? boot, long began, long stateModified, IndexFileStat index, CancellationToken cancellationToken)
    {
        // The journal is not flushed: lines of a boot that ended may be lost.
        if (boot is null || stamp.Boot != boot || stamp.JournalLength < 0) return null;
        // The index may only have grown.
        if (stamp.Index.Exists && (!index.Exists || index.Length < stamp.Index.Length)) return null;
        // The same file, grown by whole lines that are all ids (a line cut short by a full disk is not one).
        var journal = StartedJournalReader.ReadSince(layout, stamp.JournalLength, stamp.JournalTail);
        if (journal is null || journal.OtherLines || journal.Ids.Count == 0) return null;

        // Each id of the new lines and each pending one, looked up on disk as a listing would see it.
        var histories = new HashSet<string>(stamp.Histories, StringComparer.Ordinal);
        var candidates = new Dictionary<string, Candidate>(StringComparer.Ordinal);
        foreach (var id in stamp.Pending.Concat(journal.Ids))
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (!histories.Contains(id) && !candidates.ContainsKey(id)) candidates[id] = Candidate.Of(layout, id);
        }
        var lookup = candidates.GetAlternateLookup<ReadOnlySpan<char>>();

        var finished = new List<(DateTimeOffset Updated, string Id)>(stamp.IndexedExecutions + journal.Ids.Count);
        var finishedLines = new List<int>(stamp.IndexedExecutions + journal.Ids.Count);
        var later = new List<(int Line, string Id, DateTimeOffset Updated)>();
        var skipped = stamp.Skipped;
        var next = 0;
        var scan = FinishedIndex.Scan(layout, index.Exists ? index.Length : 0, stamp.Index.Exists ? stamp.Index.Length : 0, (int line, ReadOnlySpan<char> id, DateTimeOffset updated) =>
        {
            if (line > stamp.IndexLines)
            {
                later.Add((line, id.ToString(), updated));
                return;
            }
            while (next < skipped.Count && skipped[next].Last < line) next++;
            var counted = next >= skipped.Count || skipped[next].First > line;
            if (counted)
            {
                finished.Add((updated, id.ToString()));
                finishedLines.Add(line);
            }
            if (candidates.Count > 0 && lookup.TryGetValue(id, out var candidate) && candidate.History)
            {
                // Counted: it had a history when the stamp was taken (created while that listing ran). Skipped: the line
                // named no execution then; it names this one now.
                if (counted) candidate.Member = true;
                else candidate.Indexed = (line, updated);
            }
        });
        // The index the stamp describes, grown: the same first bytes, the same lines, the same executions named.
        if (scan.Exists != index.Exists || scan.Length != index.Length || finished.Count != stamp.IndexedExecutions) return null;
        if (stamp.Index.Exists && (scan.PrefixHash != stamp.IndexHash || scan.PrefixLines != stamp.IndexLines)) return null;

        // The later lines: the last one naming an execution wins, as in a listing.
        var lastLater = new Dictionary<string, (int Line, DateTimeOffset Updated)>(StringComparer.Ordinal);
        foreach (var (line, id, updated) in later) lastLater[id] = (line, updated);
        var unindexed = new List<string>();
        void Add(string id, (int Line, DateTimeOffset Updated)? indexed)
        {
            if (indexed is { } at)
            {
                finished.Add((at.Updated, id));
                finishedLines.Add(at.Line);
            }
            else unindexed.Add(id);
        }
        foreach (var id in stamp.Histories) Add(id, lastLater.Remove(id, out var at) ? at : null);
        foreach (var (id, candidate) in candidates)
        {
            if (!candidate.History || candidate.Member) continue;
            Add(id, lastLater.Remove(id, out var at) ? at : candidate.Indexed);
        }
        // What the later lines still name: executions the stamp counted, named again (the later line wins), or no execution.
        if (lastLater.Count > 0)
        {
            var kept = 0;
            var stampCounted = stamp.IndexedExecutions;
            var renamed = new List<string>();
            for (var i = 0; i < finished.Count; i++)
            {
                if (i < stampCounted && lastLater.ContainsKey(finished[i].Id))
                {
                    renamed.Add(finished[i].Id);
                    continue;
                }
                finished[kept] = finished[i];
                finishedLines[kept++] = finishedLines[i];
            }
            finished.RemoveRange(kept, finished.Count - kept);
            finishedLines.RemoveRange(kept, finishedLines.Count - kept);
            foreach (var id in renamed) Add(id, lastLater[id]);
        }
        unindexed.Sort(StringComparer.Ordinal);

        var views = new SortedSet<string>(stamp.Views, StringComparer.Ordinal);
        var pending = new List<string>();
        foreach (var (id, candidate) in candidates)
        {
            if (candidate.History) views.Remove(id);
            else
            {
                if (candidate.View) views.Add(id);
                pending.Add(id); // nothing yet, or only a view: looked up again by the next list
            }
        }
        var membership = new ExecutionMembership { FromJournal = true, Finished = finished, Unindexed = unindexed, IndexProblems = scan.Problems };
        foreach (var id in views)
        {
            if (ExecutionStateFiles.ShowsExecution(layout, id)) membership.ViewOnly.Add(id);
        }

        // The stamp updated, under the same rule as a listing's: a folder and an index unchanged while they were read, and
        // safely older than this list's start.
        if (StateListingStamp.SafelyOlder(stateModified, index, began)
            && new DirectoryInfo(layout.StateDirectory) is { Exists: true } after && after.LastWriteTimeUtc.Ticks == stateModified && IndexFileStat.Of(layout) == index)
        {
            new StateListingStamp
            {
                StateModified = stateModified, Index = index, IndexLines = index.Exists ? scan.Lines : 0, IndexedExecutions = finished.Count,
                IndexHash = index.Exists ? scan.Hash : 0, Listed = began, JournalLength = journal.Length, JournalTail = journal.Tail, Boot = boot,
                Skipped = Gaps([.. finishedLines], index.Exists ? scan.Lines : 0), Histories = unindexed, Views = [.. views], Pending = pending,
            }.TryWrite(layout);
        }
        return membership;
    }

    // An id of the journal as the folder holds it now: its history (a file, or a link as a listing lists it), else its views.
    private sealed class Candidate
    {
        public bool History { get; private init; }

        public bool View { get; private init; }

        // Named by an index line the stamp counted: it was a member already.
        public bool Member { get; set; }

        // The last index line the stamp did not count that names it.
        public (int Line, DateTimeOffset Updated)? Indexed { get; set; }

        public static Candidate Of(ExecutionLayout layout, string id)
        {
            var history = layout.HistoryFile(id);
            if (Path.Exists(history) || new FileInfo(history).LinkTarget is not null) return new Candidate { History = true };
            return new Candidate { View = Path.Exists(layout.SnapshotFile(id)) || Path.Exists(layout.MarkdownFile(id)) };
        }
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
        membership.Unindexed.AddRange(stamp.Histories.Order(StringComparer.Ordinal));
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
