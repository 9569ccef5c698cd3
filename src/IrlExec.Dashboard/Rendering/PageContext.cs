using Microsoft.AspNetCore.Http;

namespace IrlExec.Dashboard.Rendering;

/// <summary>What every page needs to know about the request it answers.</summary>
internal sealed class PageContext
{
    /// <summary>The dashboard's URL path (path base and mount prefix), without a trailing slash.</summary>
    public required string Base { get; init; }

    public required DashboardOptions Options { get; init; }

    public required HttpContext Http { get; init; }

    /// <summary>Whether the actions are enabled and this user satisfies their policy.</summary>
    public bool CanAct { get; init; }

    /// <summary>The antiforgery form field (name and token) for the forms of this page, when it has any.</summary>
    public (string Name, string Token)? Antiforgery { get; init; }

    /// <summary>
    /// The version of the execution index taken before the page's data was read. The event stream's first event names the
    /// index's version when the page subscribed: a different one means changes published in between, which the page then
    /// fetches (they were never sent to it).
    /// </summary>
    public long? IndexVersion { get; init; }

    public string Url(string relative) => Base + relative;

    public string ExecutionUrl(string id) => Base + "/executions/" + Uri.EscapeDataString(id);

    public string WorkflowUrl(string name) => Base + "/workflows/" + Uri.EscapeDataString(name);
}
