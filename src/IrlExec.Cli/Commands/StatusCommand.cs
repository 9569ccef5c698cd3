using System.CommandLine;
using IrlExec.Cli.Output;

namespace IrlExec.Cli.Commands;

/// <summary><c>irlexec status &lt;id&gt;</c>: an execution's metadata, its steps, and estimated against actual cost and time.</summary>
internal static class StatusCommand
{
    public static Command Create(HandlerFactory handlers)
    {
        var id = new Argument<string>("execution-id") { Description = "The execution id (see 'irlexec list')." };
        var command = new Command("status", "Show an execution: metadata, step table, estimated vs actual cost and time.");
        command.Arguments.Add(id);
        handlers.Set(command, (context, cancellationToken) => RunAsync(context, context.ExecutionId(id), cancellationToken), StoreUse.RenderedViews, context => [context.ExecutionId(id)]);
        return command;
    }

    private static async Task<int> RunAsync(CommandContext context, string executionId, CancellationToken cancellationToken)
    {
        var layout = context.RequireExecutionFolder();
        var loaded = ExecutionFolder.Load(layout, executionId);
        var state = loaded.State;
        var (exitCode, notes) = await CheckViewsAsync(context, layout, loaded, cancellationToken).ConfigureAwait(false);
        var document = ToDocument(layout, state);
        if (context.Json)
        {
            context.WriteJson(document, CliJson.Readable.StatusDocument);
            foreach (var note in notes) await context.Console.Error.WriteLineAsync("warning: " + note).ConfigureAwait(false);
            return exitCode;
        }

        var r = context.Renderer;
        r.Heading($"Execution {state.ExecutionId}");
        r.KeyValues(
        [
            new("workflow", state.Workflow),
            new("goal", state.Goal),
            new("status", document.Status),
            .. state.StatusReason is null ? Array.Empty<KeyValuePair<string, string>>() : [new("reason", state.StatusReason)],
            new("mode", document.Mode),
            new("current_step", ExecutionFolder.Number(state.CurrentStep)),
            new("start_time", ExecutionFolder.Time(state.StartTime)),
            new("last_updated", ExecutionFolder.Time(state.LastUpdated)),
            new("run", state.RunLabel),
            new("by", state.Actor),
            new("plan_version", ExecutionFolder.Number(state.PlanVersion)),
            new("plan_fingerprint", state.PlanFingerprint.Length == 0 ? "-" : state.PlanFingerprint),
            .. state.WaitingForSignal is null ? Array.Empty<KeyValuePair<string, string>>() : [new("waiting_for_signal", state.WaitingForSignal)],
            .. state.WakeAt is not { } wakeAt ? Array.Empty<KeyValuePair<string, string>>() : [new("wake_at", ExecutionFolder.Time(wakeAt))],
        ]);
        r.Heading("Steps");
        var rows = document.Steps.Select(s => (IReadOnlyList<string>)
        [
            ExecutionFolder.Number(s.Order), s.Name, s.Status, ExecutionFolder.Number(s.Attempts),
            ExecutionFolder.Money(s.EstimatedCost), ExecutionFolder.Money(s.ActualCost),
            ExecutionFolder.Seconds(s.EstimatedSeconds), ExecutionFolder.Seconds(s.ActualSeconds), s.LastError ?? "",
        ]).ToList();
        var m = document.Metrics;
        rows.Add(["", "total", $"{m.StepsCompleted}/{m.StepsTotal} done", "", ExecutionFolder.Money(m.EstimatedCost), ExecutionFolder.Money(m.ActualCost),
            ExecutionFolder.Seconds(m.EstimatedSeconds), ExecutionFolder.Seconds(m.ActualSeconds), ""]);
        r.Table(["#", "STEP", "STATUS", "ATTEMPTS", "EST COST", "ACTUAL COST", "EST TIME", "ACTUAL TIME", "LAST ERROR"], rows, "(no steps)");
        if (document.PlanMigrations.Count > 0)
        {
            r.Heading("Plan migrations");
            r.Table(["TIME", "KIND", "FROM", "TO", "CHANGES"], document.PlanMigrations.Select(m => (IReadOnlyList<string>)
            [
                ExecutionFolder.Time(m.Timestamp),
                m.Explicit ? "explicit" : "compatible",
                $"v{ExecutionFolder.Number(m.FromVersion)} {m.FromFingerprint}",
                $"v{ExecutionFolder.Number(m.ToVersion)} {m.ToFingerprint}",
                string.Join("; ", m.Changes),
            ]).ToList(), "(none)");
        }
        if (document.Signals.Count > 0)
        {
            r.Heading("Signals");
            r.Table(["TIME", "SIGNAL", "FROM", "VALUE"], document.Signals.Select(v => (IReadOnlyList<string>)
                [ExecutionFolder.Time(v.Timestamp), v.Name, v.Sender ?? "", v.Value]).ToList(), "(none)");
        }
        if (document.Variables.Count > 0)
        {
            r.Heading("Variables");
            // As a person reads them: a string's text, other JSON with only the escapes JSON needs, indented when long.
            r.KeyValues(document.Variables.Select(v => new KeyValuePair<string, string>(v.Name, v.Secret ? "***" : ReadableJson.Display(v.Value))).ToList());
        }
        r.Heading("Files");
        r.KeyValues(
        [
            new("execution_state", document.Files.ExecutionState),
            new("log", document.Files.Log),
            new("history", document.Files.History),
            new("snapshot", document.Files.Snapshot),
            .. document.Files.Result is null ? Array.Empty<KeyValuePair<string, string>>() : [new("result", document.Files.Result)],
        ]);
        if (state.Status == ExecutionStatus.Paused)
        {
            r.Warning($"Paused. Continue it with: irlexec resume {state.ExecutionId} --root {ShellText.Quote(layout.Root)} --assembly <workflow assembly> [--var name=value]");
        }
        foreach (var note in notes) r.Warning(note);
        return exitCode;
    }

    // What the history and the views say beyond the state: a history that lost records or is missing (exit 5), views
    // that lag, a torn last record, and an execution no process runs although it has not finished.
    private static async Task<(int ExitCode, List<string> Notes)> CheckViewsAsync(CommandContext context, ExecutionLayout layout, LoadedExecution loaded, CancellationToken cancellationToken)
    {
        var notes = new List<string>();
        if (loaded.MissingHistory is { } missing)
        {
            await context.Console.Error.WriteLineAsync("error: damaged file: " + missing).ConfigureAwait(false);
            return (ExitCodes.DamagedFile, notes);
        }
        var state = loaded.State;
        var report = new ViewRepair(layout).Check(state.ExecutionId, cancellationToken);
        if (report.Findings.FirstOrDefault(f => f.Condition == ViewCondition.HistoryBehind) is { } behind)
        {
            throw new ExecutionDataException(behind.File, 0, behind.Message);
        }
        foreach (var torn in report.Findings.Where(f => f.Condition == ViewCondition.TornTail))
        {
            await context.Console.Error.WriteLineAsync($"warning: {torn.File}: {torn.Message}").ConfigureAwait(false);
        }
        var lagging = report.Outstanding.Select(f => f.File).Distinct().ToList();
        if (lagging.Count > 0)
        {
            notes.Add($"Views that lag the history (this status comes from the history): {string.Join(", ", lagging)}. 'irlexec repair' rebuilds them.");
        }
        if (state.Status is ExecutionStatus.InProgress or ExecutionStatus.Resumed && !report.Running.Contains(state.ExecutionId))
        {
            notes.Add($"No process is running this execution: it was interrupted ({StatusTransitions.ToWireName(state.Status)} is the last status it recorded). Continue it with: irlexec resume {state.ExecutionId} --root {layout.Root} --assembly <workflow assembly>");
        }
        return (ExitCodes.Ok, notes);
    }

    internal static StatusDocument ToDocument(ExecutionLayout layout, ExecutionState state)
    {
        // Active: the history has not finished (never what a derived file says).
        var active = !StatusTransitions.IsTerminal(state.Status);
        var steps = state.Steps.Select(step =>
        {
            var attempts = state.ExecutionLog.Where(e => e.Step == step.Order).ToList();
            return new StepSummary(step.Order, step.Name, step.Component, StatusTransitions.ToWireName(step.Status), step.Attempts,
                step.EstimatedCost, attempts.Sum(a => a.ActualCost), step.EstimatedSeconds, Math.Round(attempts.Sum(a => a.ActualSeconds), 3), step.LastError);
        }).ToList();
        return new StatusDocument(state.ExecutionId, state.Workflow, state.Goal, StatusTransitions.ToWireName(state.Status), state.StatusReason,
            state.Mode.ToWireName(), state.CurrentStep, state.StartTime, state.LastUpdated, state.RunLabel, state.Actor, active,
            state.PlanFingerprint, state.PlanVersion,
            state.PlanMigrations.Select(m => new PlanMigrationSummary(m.Timestamp, m.FromFingerprint, m.ToFingerprint, m.FromVersion, m.ToVersion, m.IsExplicit, m.Changes)).ToList(),
            ExecutionFolder.FilesOf(layout, state),
            state.Variables.Select(v => new VariableSummary(v.Name, v.Json, v.IsSecret)).ToList(),
            steps, state.ComputeMetrics(), state.WaitingForSignal, state.WakeAt,
            state.Signals.Select(v => new SignalSummary(v.Name, v.Json, v.Sender, v.Timestamp)).ToList());
    }
}
