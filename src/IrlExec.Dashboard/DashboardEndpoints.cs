using IrlExec.Dashboard.Actions;
using IrlExec.Dashboard.Data;
using IrlExec.Dashboard.Live;
using IrlExec.Dashboard.Rendering;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace IrlExec.Dashboard;

/// <summary>
/// The dashboard's endpoints. Pages are answered whole, or only their live part when the script asks for it (header
/// <c>X-IrlExec-Fragment</c>). Every response says how it may be used: a content security policy that lets a page load
/// only the dashboard's own script and stylesheet and talk only to its own server, no sniffing, no framing, no caching of
/// pages. A failure answers with a page that names what went wrong, its text masked like every other value.
/// </summary>
internal sealed partial class DashboardEndpoints(DashboardServices dashboard, string prefix)
{
    public const string FragmentHeader = "X-IrlExec-Fragment";

    private const string ContentSecurityPolicy =
        "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'";

    public void Map(RouteGroupBuilder group)
    {
        group.MapGet("/", ListAsync);
        group.MapGet("/executions/{id}", ExecutionAsync);
        group.MapGet("/workflows", WorkflowsAsync);
        group.MapGet("/workflows/{name}", WorkflowAsync);
        if (dashboard.Options.EnableSimulation) group.MapPost("/workflows/{name}/simulate", SimulateAsync).DisableAntiforgery();
        MapActions(group);
        group.MapGet("/events", EventsAsync);
        group.MapGet("/assets/dashboard.css", context => AssetAsync(context, Assets.Css));
        group.MapGet("/assets/dashboard.js", context => AssetAsync(context, Assets.Script));
    }

    private PageContext Page(HttpContext http, bool withForms = false, bool canAct = false, long? indexVersion = null)
    {
        (string, string)? token = null;
        if (withForms)
        {
            var tokens = http.RequestServices.GetRequiredService<IAntiforgery>().GetAndStoreTokens(http);
            token = (tokens.FormFieldName, tokens.RequestToken!);
        }
        return new PageContext { Base = http.Request.PathBase + prefix, Options = dashboard.Options, Http = http, CanAct = canAct, Antiforgery = token, IndexVersion = indexVersion };
    }

    private static bool WantsFragment(HttpContext http) => http.Request.Headers.ContainsKey(FragmentHeader);

    private Task ListAsync(HttpContext http) => GuardAsync(http, async () =>
    {
        await dashboard.Index.Ready.WaitAsync(http.RequestAborted).ConfigureAwait(false);
        var query = ExecutionQuery.From(http.Request.Query);
        var snapshot = dashboard.Index.Current;
        var page = Page(http, indexVersion: snapshot.Version);
        await WriteHtmlAsync(http, StatusCodes.Status200OK, WantsFragment(http) ? ListPage.Fragment(page, snapshot, query) : ListPage.Render(page, snapshot, query)).ConfigureAwait(false);
    });

    private Task ExecutionAsync(HttpContext http, string id) => GuardAsync(http, async () =>
    {
        var indexVersion = dashboard.Index.Current.Version; // before the history is read: see PageContext.IndexVersion
        var view = await ExecutionView.LoadAsync(dashboard.Store, id, dashboard.Options.LogTailLines, http.RequestAborted).ConfigureAwait(false);
        if (view is null)
        {
            await NotFoundAsync(http, "No such execution", ExecutionView.IsValidId(id)
                ? $"There is no execution '{id}' in this store."
                : "That is not an execution id (ids are letters, digits, '_', '-' and '.').").ConfigureAwait(false);
            return;
        }
        var canAct = await CanActAsync(http).ConfigureAwait(false);
        var page = Page(http, withForms: canAct, canAct: canAct, indexVersion: indexVersion);
        await WriteHtmlAsync(http, StatusCodes.Status200OK, WantsFragment(http) ? ExecutionPage.Fragment(page, view) : ExecutionPage.Render(page, view)).ConfigureAwait(false);
    });

    private Task WorkflowsAsync(HttpContext http) => GuardAsync(http, async () =>
    {
        await dashboard.Index.Ready.WaitAsync(http.RequestAborted).ConfigureAwait(false);
        var snapshot = dashboard.Index.Current;
        var names = dashboard.Workflows.Keys.Concat(snapshot.Workflows).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
        var workflows = new List<WorkflowInfo>(names.Count);
        foreach (var name in names) workflows.Add(await WorkflowInfoAsync(name, snapshot, http.RequestAborted).ConfigureAwait(false));
        await WriteHtmlAsync(http, StatusCodes.Status200OK, WorkflowPages.List(Page(http), workflows, snapshot)).ConfigureAwait(false);
    });

    private Task WorkflowAsync(HttpContext http, string name) => GuardAsync(http, async () =>
    {
        await dashboard.Index.Ready.WaitAsync(http.RequestAborted).ConfigureAwait(false);
        var snapshot = dashboard.Index.Current;
        var workflow = await WorkflowInfoAsync(name, snapshot, http.RequestAborted).ConfigureAwait(false);
        if (workflow.Definition is null && workflow.Latest is null)
        {
            await NotFoundAsync(http, "No such workflow", $"No workflow '{name}' is registered with the dashboard or has an execution in this store.").ConfigureAwait(false);
            return;
        }
        var page = Page(http, withForms: workflow.Definition is not null && dashboard.Options.EnableSimulation);
        await WriteHtmlAsync(http, StatusCodes.Status200OK, WorkflowPages.Workflow(page, workflow, snapshot, null)).ConfigureAwait(false);
    });

    private Task SimulateAsync(HttpContext http, string name) => GuardAsync(http, async () =>
    {
        if (!await ValidAntiforgeryAsync(http).ConfigureAwait(false)) return;
        if (!dashboard.Workflows.TryGetValue(name, out var definition))
        {
            await NotFoundAsync(http, "No such workflow", $"No workflow '{name}' is registered with the dashboard: only registered workflows can be simulated.").ConfigureAwait(false);
            return;
        }
        var form = await http.Request.ReadFormAsync(http.RequestAborted).ConfigureAwait(false);
        var outcome = await DashboardSimulation.RunAsync(definition, form, dashboard.Layout?.Root, http.RequestAborted).ConfigureAwait(false);
        var snapshot = dashboard.Index.Current;
        var workflow = new WorkflowInfo(name, definition, null);
        await WriteHtmlAsync(http, StatusCodes.Status200OK, WorkflowPages.Workflow(Page(http, withForms: true), workflow, snapshot, outcome)).ConfigureAwait(false);
    });

    private async Task EventsAsync(HttpContext http)
    {
        SetSecurityHeaders(http.Response);
        var id = http.Request.Query["id"].ToString();
        await EventStream.WriteAsync(http, dashboard.Index, id.Length == 0 ? null : id).ConfigureAwait(false);
    }

    private static async Task AssetAsync(HttpContext http, Assets asset)
    {
        SetSecurityHeaders(http.Response);
        http.Response.ContentType = asset.ContentType;
        http.Response.Headers.CacheControl = http.Request.Query["v"] == asset.Version ? "public, max-age=31536000, immutable" : "no-cache";
        http.Response.Headers.ETag = "\"" + asset.Version + "\"";
        await http.Response.Body.WriteAsync(asset.Content, http.RequestAborted).ConfigureAwait(false);
    }

    // The workflow's definition when registered, and its newest execution's recorded plan.
    private async Task<WorkflowInfo> WorkflowInfoAsync(string name, IndexSnapshot snapshot, CancellationToken cancellationToken)
    {
        dashboard.Workflows.TryGetValue(name, out var definition);
        ExecutionState? latest = null;
        if (definition is null)
        {
            var newest = snapshot.Ordered.Where(s => s.Workflow == name && s.Damage is null).OrderByDescending(s => s.StartTime).FirstOrDefault();
            if (newest is not null) latest = (await ExecutionView.LoadAsync(dashboard.Store, newest.Id, 0, cancellationToken).ConfigureAwait(false))?.State;
        }
        return new WorkflowInfo(name, definition, latest);
    }

    private async Task<bool> CanActAsync(HttpContext http)
    {
        if (!dashboard.Options.EnableActions) return false;
        var authorization = http.RequestServices.GetRequiredService<IAuthorizationService>();
        var result = await authorization.AuthorizeAsync(http.User, dashboard.Options.ActionsPolicy!).ConfigureAwait(false);
        return result.Succeeded;
    }

    private async Task<bool> ValidAntiforgeryAsync(HttpContext http)
    {
        try
        {
            await http.RequestServices.GetRequiredService<IAntiforgery>().ValidateRequestAsync(http).ConfigureAwait(false);
            return true;
        }
        catch (AntiforgeryValidationException)
        {
            await WriteHtmlAsync(http, StatusCodes.Status400BadRequest, ErrorPage(http, "Form expired", "The form's antiforgery token is missing or not valid. Reload the page and try again.")).ConfigureAwait(false);
            return false;
        }
    }

    private Task NotFoundAsync(HttpContext http, string title, string message) =>
        WriteHtmlAsync(http, StatusCodes.Status404NotFound, ErrorPage(http, title, message));

    private string ErrorPage(HttpContext http, string title, string message) =>
        Layout.Page(Page(http), title, null, html => html.Markup("<h1>").Text(title).Markup("</h1><p class=\"error\">").Text(message).Markup("</p>"));

    // Every failure becomes a page that says what went wrong with its text masked; nothing else of the exception (no
    // stack, no inner values) reaches the response.
    private async Task GuardAsync(HttpContext http, Func<Task> handler)
    {
        try
        {
            await handler().ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (http.RequestAborted.IsCancellationRequested)
        {
            // The client went away.
        }
        catch (ExecutionDataException e)
        {
            await FailAsync(http, "Damaged history", e.Message).ConfigureAwait(false);
        }
#pragma warning disable CA1031 // The response must never carry the exception's details: every failure is answered here.
        catch (Exception e)
#pragma warning restore CA1031
        {
            await FailAsync(http, "Something went wrong", $"{e.GetType().Name}: {e.Message}").ConfigureAwait(false);
        }
    }

    private async Task FailAsync(HttpContext http, string title, string message)
    {
        if (http.Response.HasStarted) return;
        http.Response.Clear();
        await WriteHtmlAsync(http, StatusCodes.Status500InternalServerError, ErrorPage(http, title, message)).ConfigureAwait(false);
    }

    private static async Task WriteHtmlAsync(HttpContext http, int status, string html)
    {
        var response = http.Response;
        response.StatusCode = status;
        response.ContentType = "text/html; charset=utf-8";
        response.Headers.CacheControl = "no-store";
        SetSecurityHeaders(response);
        await response.WriteAsync(html, http.RequestAborted).ConfigureAwait(false);
    }

    private static void SetSecurityHeaders(HttpResponse response)
    {
        response.Headers.ContentSecurityPolicy = ContentSecurityPolicy;
        response.Headers.XContentTypeOptions = "nosniff";
        response.Headers["Referrer-Policy"] = "no-referrer";
        response.Headers.XFrameOptions = "DENY";
    }
}
