namespace IrlExec.Dashboard.Data;

/// <summary>
/// An immutable view of every execution's summary, in list order (active, then paused, then recent; newest first in
/// each group). A request filters and pages one snapshot, so it never sees a refresh half done.
/// </summary>
internal sealed class IndexSnapshot
{
    public static readonly IndexSnapshot Empty = new([], 0);

    public IndexSnapshot(ExecutionSummary[] ordered, long version)
    {
        Ordered = ordered;
        Version = version;
        var workflows = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var summary in ordered)
        {
            if (summary.Workflow.Length > 0) workflows.Add(summary.Workflow);
            switch (summary.Group)
            {
                case ListGroup.Active: Active++; break;
                case ListGroup.Paused: Paused++; break;
                default: Recent++; break;
            }
        }
        Workflows = [.. workflows];
    }

    /// <summary>Every execution, in list order.</summary>
    public ExecutionSummary[] Ordered { get; }

    /// <summary>Counts up by one at each refresh that changed something.</summary>
    public long Version { get; }

    /// <summary>The workflows that have executions, sorted.</summary>
    public string[] Workflows { get; }

    public int Active { get; }

    public int Paused { get; }

    public int Recent { get; }

    /// <summary>List order: group, then last update (newest first), then id.</summary>
    public static int Compare(ExecutionSummary a, ExecutionSummary b)
    {
        var byGroup = a.Group.CompareTo(b.Group);
        if (byGroup != 0) return byGroup;
        var byTime = b.LastUpdated.CompareTo(a.LastUpdated);
        return byTime != 0 ? byTime : string.CompareOrdinal(a.Id, b.Id);
    }

    /// <summary>One page of the executions that match <paramref name="query"/>.</summary>
    public QueryResult Query(ExecutionQuery query, int pageSize)
    {
        var rows = new List<ExecutionSummary>(pageSize);
        var skip = (query.Page - 1) * pageSize;
        var total = 0;
        foreach (var summary in Ordered)
        {
            if (!query.Matches(summary)) continue;
            if (total >= skip && rows.Count < pageSize) rows.Add(summary);
            total++;
        }
        var pages = Math.Max(1, (total + pageSize - 1) / pageSize);
        // A page past the end (the list shrank, or a hand-typed URL) shows the last page.
        if (query.Page > pages) return Query(query with { Page = pages }, pageSize);
        return new QueryResult(rows, total, query.Page, pages);
    }
}

/// <summary>A page of the list: its rows, how many executions match, which page it is and how many there are.</summary>
internal sealed record QueryResult(IReadOnlyList<ExecutionSummary> Rows, int Total, int Page, int Pages);
