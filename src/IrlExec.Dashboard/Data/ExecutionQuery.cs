using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Extensions;

namespace IrlExec.Dashboard.Data;

/// <summary>
/// The list's filters, from the query string: <c>workflow</c>, <c>status</c> (a group: <c>active</c>, <c>paused</c>,
/// <c>recent</c>; or a status: <c>IN_PROGRESS</c>, <c>COMPLETED_SUCCESS</c>, ..., <c>DAMAGED</c>), <c>q</c> (part of an
/// execution id) and <c>page</c> (from 1).
/// </summary>
internal sealed record ExecutionQuery(string? Workflow, string? Status, string? Search, int Page)
{
    public const int MaxSearchLength = 200;

    public static readonly string[] Groups = ["active", "paused", "recent"];

    public static ExecutionQuery From(IQueryCollection query)
    {
        var page = int.TryParse(query["page"], System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var p) && p > 0 ? p : 1;
        return new ExecutionQuery(Clean(query["workflow"]), Clean(query["status"]), Clean(query["q"]), page);
    }

    private static string? Clean(string? value)
    {
        value = value?.Trim();
        if (string.IsNullOrEmpty(value)) return null;
        return value.Length > MaxSearchLength ? value[..MaxSearchLength] : value;
    }

    public bool Matches(ExecutionSummary summary)
    {
        if (Workflow is not null && !string.Equals(summary.Workflow, Workflow, StringComparison.Ordinal)) return false;
        if (Search is not null && !summary.Id.Contains(Search, StringComparison.OrdinalIgnoreCase)) return false;
        return Status switch
        {
            null => true,
            "active" => summary.Group == ListGroup.Active,
            "paused" => summary.Group == ListGroup.Paused,
            "recent" => summary.Group == ListGroup.Recent,
            _ => string.Equals(summary.StatusText, Status, StringComparison.OrdinalIgnoreCase),
        };
    }

    /// <summary>The query string of this query on another page (empty values left out), starting with <c>?</c>.</summary>
    public string ToQueryString(int page)
    {
        var builder = new QueryBuilder();
        if (Workflow is not null) builder.Add("workflow", Workflow);
        if (Status is not null) builder.Add("status", Status);
        if (Search is not null) builder.Add("q", Search);
        if (page > 1) builder.Add("page", page.ToString(System.Globalization.CultureInfo.InvariantCulture));
        return builder.ToQueryString().Value ?? "";
    }
}
