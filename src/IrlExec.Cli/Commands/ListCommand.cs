using System.CommandLine;

namespace IrlExec.Cli.Commands;

/// <summary><c>irlexec list</c>: the active executions, then the most recent others.</summary>
internal static class ListCommand
{
    public static Command Create(HandlerFactory handlers)
    {
        var limit = new Option<int>("--limit") { Description = "How many recent (not active) executions to show; 0 shows all.", DefaultValueFactory = _ => 20 };
        limit.Validators.Add(result =>
        {
            if (result.GetValueOrDefault<int>() < 0) result.AddError($"--limit must be 0 (all) or more, not {result.GetValueOrDefault<int>()}.");
        });
        var command = new Command("list", "List active and recent executions under the root.");
        command.Options.Add(limit);
        handlers.Set(command, (context, cancellationToken) => RunAsync(context, context.Value(limit), cancellationToken), StoreUse.RenderedViews);
        return command;
    }

    private static async Task<int> RunAsync(CommandContext context, int limit, CancellationToken cancellationToken)
    {
        var layout = context.RequireExecutionFolder();
        var exitCode = ExitCodes.Ok;
        HashSet<string> active;
        try
        {
            active = ExecutionFolder.ActiveIds(layout);
        }
        catch (ExecutionDataException e)
        {
            // The histories are the record: list them anyway, and say the active list is damaged.
            await context.Console.Error.WriteLineAsync("warning: damaged file: " + e.Message).ConfigureAwait(false);
            active = [];
            exitCode = ExitCodes.DamagedFile;
        }

        var summaries = new List<ExecutionSummary>();
        foreach (var id in await ExecutionFolder.ListIdsAsync(layout, cancellationToken).ConfigureAwait(false))
        {
            try
            {
                var state = await ExecutionFolder.LoadAsync(layout, id, cancellationToken).ConfigureAwait(false);
                var metrics = state.ComputeMetrics();
                summaries.Add(new ExecutionSummary(id, state.Workflow, StatusTransitions.ToWireName(state.Status), state.Mode.ToWireName(), state.CurrentStep,
                    metrics.StepsCompleted, metrics.StepsTotal, state.StartTime, state.LastUpdated,
                    active.Contains(id) || !StatusTransitions.IsTerminal(state.Status), state.Actor, state.RunLabel, null));
            }
            catch (ExecutionDataException e)
            {
                summaries.Add(new ExecutionSummary(id, "", "DAMAGED", "", 0, 0, 0, null, null, active.Contains(id), "", "", e.Message));
                exitCode = ExitCodes.DamagedFile;
            }
        }

        var activeRows = summaries.Where(s => s.Active).OrderByDescending(s => s.LastUpdated).ToList();
        var recent = summaries.Where(s => !s.Active).OrderByDescending(s => s.LastUpdated ?? DateTimeOffset.MinValue).ThenBy(s => s.ExecutionId, StringComparer.Ordinal).ToList();
        if (limit > 0) recent = recent.Take(limit).ToList();

        if (context.Json)
        {
            context.WriteJson(new ListDocument(layout.Root, [.. activeRows, .. recent]), CliJson.Readable.ListDocument);
            return exitCode;
        }
        var headers = new[] { "EXECUTION", "WORKFLOW", "STATUS", "MODE", "STEP", "STARTED", "UPDATED", "BY" };
        context.Renderer.Heading("Active executions");
        context.Renderer.Table(headers, activeRows.Select(Row).ToList(), "(none)");
        context.Renderer.Heading("Recent executions");
        context.Renderer.Table(headers, recent.Select(Row).ToList(), "(none)");
        foreach (var damaged in summaries.Where(s => s.Error is not null)) context.Renderer.Problem("damaged: " + damaged.Error);
        return exitCode;
    }

    private static IReadOnlyList<string> Row(ExecutionSummary s) =>
    [
        s.ExecutionId, s.Workflow, s.Status, s.Mode,
        s.StepsTotal == 0 ? "-" : $"{s.StepsCompleted}/{s.StepsTotal}",
        ExecutionFolder.Time(s.StartTime), ExecutionFolder.Time(s.LastUpdated), s.Actor,
    ];
}
