using System.Text.Encodings.Web;
using System.Text.Json;
using IrlExec.Dashboard.Actions;
using IrlExec.Dashboard.Data;
using IrlExec.Hosting;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace IrlExec.Dashboard;

/// <summary>
/// The actions (deliver a signal, resume, cancel), mapped only when the host enables them. Each is a POST that must
/// satisfy the policy the host named, twice over: the endpoint requires it (the authorization middleware answers 401 or
/// 403), and the handler checks it again, so that no convention added to the dashboard's group (an AllowAnonymous, say)
/// opens the actions. Then the form's antiforgery token is checked (400 without a valid one), and only then does anything
/// reach the host's <see cref="IWorkflowClient"/>. A success answers 303 to the execution's page.
/// </summary>
internal sealed partial class DashboardEndpoints
{
    /// <summary>The query parameter of the execution page that says which action was just taken.</summary>
    public const string DoneParameter = "done";

    private void MapActions(RouteGroupBuilder group)
    {
        if (!dashboard.Options.EnableActions) return;
        var policy = dashboard.Options.ActionsPolicy!;
        // Antiforgery is validated by the handlers themselves (after the policy), not by the framework's middleware, so
        // that the check never depends on the host having added it.
        group.MapPost("/executions/{id}/signal", SignalAsync).RequireAuthorization(policy).DisableAntiforgery();
        group.MapPost("/executions/{id}/resume", ResumeAsync).RequireAuthorization(policy).DisableAntiforgery();
        group.MapPost("/executions/{id}/cancel", CancelAsync).RequireAuthorization(policy).DisableAntiforgery();
    }

    private Task SignalAsync(HttpContext http, string id) => ActAsync(http, id, async request =>
    {
        var name = request.Form["signal"].ToString().Trim();
        if (name.Length == 0) return ActionOutcome.Refused(StatusCodes.Status400BadRequest, "No signal chosen", "Choose the signal to deliver.");
        var type = request.View.Plan?.Steps.SelectMany(s => s.Signals ?? []).FirstOrDefault(s => s.Name == name)?.TypeName;
        var text = request.Form["value"].ToString();
        string? json;
        if (text.Trim().Length == 0) json = null;
        else if (type is "string" or "string?") json = "\"" + JsonEncodedText.Encode(text, JavaScriptEncoder.UnsafeRelaxedJsonEscaping).ToString() + "\"";
        else if (IsJson(text)) json = text;
        else return ActionOutcome.Refused(StatusCodes.Status400BadRequest, "Not JSON", $"The payload of signal '{name}'{(type is null ? "" : $" (type {type})")} must be JSON, e.g. true, 5, \"text\" or {{\"approved\": true}}.");
        await request.Client.SignalAsync(request.Id, name, json, request.Actor, request.Cancellation).ConfigureAwait(false);
        return ActionOutcome.Done("signal");
    });

    private Task ResumeAsync(HttpContext http, string id) => ActAsync(http, id, async request =>
    {
        var state = request.View.State;
        if (state.Status != ExecutionStatus.Paused)
        {
            return ActionOutcome.Refused(StatusCodes.Status409Conflict, "Not paused", $"Only a paused execution can be resumed; this one is {StatusTransitions.ToWireName(state.Status)}.");
        }
        var variables = FormVariables.Read(request.View.Plan?.Variables ?? [], request.Form);
        request.Secrets.AddRange(variables.Secrets);
        if (variables.Error is not null) return ActionOutcome.Refused(StatusCodes.Status400BadRequest, "Variable not valid", variables.Error);
        await request.Client.ResumeAsync(request.Id, variables.Count > 0 ? variables.Variables : null, request.Cancellation).ConfigureAwait(false);
        return ActionOutcome.Done("resume");
    });

    private Task CancelAsync(HttpContext http, string id) => ActAsync(http, id, async request =>
    {
        var given = request.Form["reason"].ToString().Trim();
        var reason = given.Length > 0 ? $"{given} (cancelled from the dashboard by {request.Actor})" : $"cancelled from the dashboard by {request.Actor}";
        await request.Client.CancelAsync(request.Id, reason, request.Cancellation).ConfigureAwait(false);
        return ActionOutcome.Done("cancel");
    });

    private Task ActAsync(HttpContext http, string id, Func<ActionRequest, Task<ActionOutcome>> act) => GuardAsync(http, async () =>
    {
        if (!await CanActAsync(http).ConfigureAwait(false))
        {
            await WriteHtmlAsync(http, StatusCodes.Status403Forbidden, ErrorPage(http, "Not allowed", "Taking actions needs the permission this dashboard's host requires for them.")).ConfigureAwait(false);
            return;
        }
        if (!await ValidAntiforgeryAsync(http).ConfigureAwait(false)) return;
        var view = await ExecutionView.LoadAsync(dashboard.Store, id, 0, http.RequestAborted).ConfigureAwait(false);
        if (view is null)
        {
            await NotFoundAsync(http, "No such execution", $"There is no execution '{id}' in this store.").ConfigureAwait(false);
            return;
        }
        var form = await http.Request.ReadFormAsync(http.RequestAborted).ConfigureAwait(false);
        var request = new ActionRequest(dashboard.Client!, view.State.ExecutionId, view, form, Actor(http), http.RequestAborted);
        ActionOutcome outcome;
        try
        {
            outcome = await act(request).ConfigureAwait(false);
        }
        catch (UnknownExecutionException e)
        {
            outcome = ActionOutcome.Refused(StatusCodes.Status404NotFound, "No such execution", e.Message);
        }
        catch (UnknownSignalException e)
        {
            outcome = ActionOutcome.Refused(StatusCodes.Status400BadRequest, "Signal not taken", e.Message);
        }
        catch (UnknownWorkflowException e)
        {
            outcome = ActionOutcome.Refused(StatusCodes.Status409Conflict, "Workflow not run here", e.Message);
        }
        catch (ExecutionLeaseException e)
        {
            outcome = ActionOutcome.Refused(StatusCodes.Status409Conflict, "Run elsewhere", e.Message);
        }
        catch (WorkflowException e)
        {
            outcome = ActionOutcome.Refused(StatusCodes.Status409Conflict, "Refused", e.Message);
        }
        catch (ArgumentException e)
        {
            outcome = ActionOutcome.Refused(StatusCodes.Status400BadRequest, "Not valid", e.Message);
        }
        if (outcome.DoneAction is { } done)
        {
            http.Response.StatusCode = StatusCodes.Status303SeeOther;
            http.Response.Headers.Location = Page(http).ExecutionUrl(view.State.ExecutionId) + "?" + DoneParameter + "=" + done;
            http.Response.Headers.CacheControl = "no-store";
            SetSecurityHeaders(http.Response);
            return;
        }
        await WriteHtmlAsync(http, outcome.Status, ErrorPage(http, outcome.Title!, request.Mask(outcome.Message!))).ConfigureAwait(false);
    });

    // Who acted, as the history records it (a signal's sender, a cancellation's reason).
    private static string Actor(HttpContext http) =>
        http.User.Identity is { IsAuthenticated: true, Name: { Length: > 0 } name } ? "dashboard:" + name : "dashboard";

    private static bool IsJson(string text)
    {
        try
        {
            using var _ = JsonDocument.Parse(text);
            return true;
        }
        catch (JsonException)
        {
            return false;
        }
    }

    private sealed record ActionRequest(IWorkflowClient Client, string Id, ExecutionView View, IFormCollection Form, string Actor, CancellationToken Cancellation)
    {
        /// <summary>Secret values the form carried: masked in any message.</summary>
        public List<string> Secrets { get; } = [];

        public string Mask(string message)
        {
            foreach (var secret in Secrets) message = message.Replace(secret, SecretRedactor.Mask, StringComparison.Ordinal);
            return message;
        }
    }

    private sealed record ActionOutcome(int Status, string? Title, string? Message, string? DoneAction)
    {
        public static ActionOutcome Done(string action) => new(StatusCodes.Status303SeeOther, null, null, action);

        public static ActionOutcome Refused(int status, string title, string message) => new(status, title, message, null);
    }
}
