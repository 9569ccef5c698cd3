using System.Text.RegularExpressions;
using IncidentApproval.Drift;
using IrlExec;
using IrlExec.Hosting;
using Microsoft.Extensions.Options;

namespace IncidentApproval.Service;

/// <summary>
/// The service's HTTP API, on <see cref="IWorkflowClient"/> only:
/// <list type="bullet">
/// <item><c>POST /integrations/{integration}/runs[?daily_cap=N]</c>: starts a run over the integration's quarantine (202, <c>Location: /runs/{id}</c>);</item>
/// <item><c>GET /runs/{id}</c>: its status, what it waits for, its counts (<see cref="RunView"/>);</item>
/// <item><c>POST /runs/{id}/approval</c> with <c>{"approved_by": "..."}</c>: the signal <c>approval</c>, which lets a run
/// waiting at the daily cap approve the rest; sent before the run waits, it is kept for it (202).</item>
/// </list>
/// </summary>
public static partial class IncidentEndpoints
{
    /// <summary>Who the runs are recorded as (the audit log's approver).</summary>
    public const string Actor = "agent-auto-approver";

    /// <summary>Maps the endpoints.</summary>
    public static IEndpointRouteBuilder MapIncidentApproval(this IEndpointRouteBuilder app)
    {
        app.MapPost("/integrations/{integration}/runs", StartAsync);
        app.MapGet("/runs/{id}", GetAsync);
        app.MapPost("/runs/{id}/approval", ApproveAsync);
        return app;
    }

    private static async Task<IResult> StartAsync(string integration, int? daily_cap, IWorkflowClient client, IOptions<IrlExecOptions> options, CancellationToken cancellationToken)
    {
        if (!IntegrationName().IsMatch(integration)) return Error(StatusCodes.Status400BadRequest, $"'{integration}' is not an integration name (letters, digits, '_', '-', '.')");
        if (daily_cap is < 0) return Error(StatusCodes.Status400BadRequest, "daily_cap must be 0 or more");
        var root = options.Value.Root;
        string quarantine;
        try
        {
            quarantine = ConfinedPath.Under(root, "quarantine/" + integration); // ".." passes the name check: keep it in the root
        }
        catch (PathOutsideRootException e)
        {
            return Error(StatusCodes.Status400BadRequest, e.Message);
        }
        if (!Directory.Exists(quarantine)) return Error(StatusCodes.Status404NotFound, $"no quarantine for integration '{integration}' under {root}");
        var workflow = new IncidentApprovalWorkflow { Root = root, Integration = integration, DailyCap = daily_cap ?? IncidentApprovalWorkflow.DefaultDailyCap };
        // The run options are the host's (IrlExecOptions: the actor, retries): the same for a start, a wake and a recovery.
        var id = await client.StartAsync(IncidentApprovalWorkflow.Definition, workflow.ToVariables(), cancellationToken: cancellationToken);
        var state = await client.GetAsync(id, cancellationToken);
        return Results.Accepted($"/runs/{id}", state is null ? null : RunView.From(state));
    }

    private static async Task<IResult> GetAsync(string id, IWorkflowClient client, CancellationToken cancellationToken)
    {
        try
        {
            return await client.GetAsync(id, cancellationToken) is { } state
                ? Results.Ok(RunView.From(state))
                : Error(StatusCodes.Status404NotFound, $"no execution '{id}'");
        }
        catch (ArgumentException e)
        {
            return Error(StatusCodes.Status400BadRequest, e.Message); // not an execution id
        }
    }

    private static async Task<IResult> ApproveAsync(string id, ApprovalRequest? request, IWorkflowClient client, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(request?.ApprovedBy)) return Error(StatusCodes.Status400BadRequest, "say who approves: {\"approved_by\": \"...\"}");
        try
        {
            var delivery = await client.SignalAsync(id, IncidentApprovalWorkflow.ApprovalSignal, new CapApproval(request.ApprovedBy),
                IncidentJson.Default.CapApproval, request.ApprovedBy, cancellationToken);
            return Results.Accepted($"/runs/{id}", new SignalAnswer(id, IncidentApprovalWorkflow.ApprovalSignal, delivery == SignalDelivery.Recorded ? "recorded" : "queued"));
        }
        catch (ArgumentException e)
        {
            return Error(StatusCodes.Status400BadRequest, e.Message); // not an execution id
        }
        catch (UnknownExecutionException)
        {
            return Error(StatusCodes.Status404NotFound, $"no execution '{id}'");
        }
        catch (WorkflowException e)
        {
            return Error(StatusCodes.Status409Conflict, e.Message); // finished, or not a run of incident-approval
        }
    }

    private static IResult Error(int status, string message) => Results.Json(new ErrorView(message), ServiceJson.Default.ErrorView, statusCode: status);

    [GeneratedRegex("^[A-Za-z0-9_-][A-Za-z0-9_.-]{0,99}$")]
    private static partial Regex IntegrationName();
}
