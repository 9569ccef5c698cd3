using System.CommandLine;

namespace IrlExec.Cli.Commands;

/// <summary>
/// <c>irlexec repair [--dry-run]</c>: rebuilds, from the histories, every view that lags (the snapshot, the markdown
/// copies, the log's missing lines, the result, the active list entry, the manifest row) of every execution no runner
/// holds; damaged views are set aside as <c>&lt;name&gt;.damaged-&lt;time&gt;</c> first. Histories are never changed.
/// Exit 0 when every view agrees with its history afterwards, 5 when a history is damaged, missing or has lost records
/// (nothing is rebuilt for that execution), 1 when a view could not be written.
/// </summary>
internal static class RepairCommand
{
    public static Command Create(HandlerFactory handlers)
    {
        var dryRun = new Option<bool>("--dry-run") { Description = "Show what lags; change nothing (as validate does for the views)." };
        var command = new Command("repair", "Rebuild the views (snapshot, markdown, log, result, active list, manifest) that lag their histories.") { dryRun };
        handlers.Set(command, (context, cancellationToken) =>
        {
            var layout = context.RequireExecutionFolder();
            // A repair rewrites files in execution/state/ and the index: the next list lists the folder.
            if (!context.Value(dryRun)) StartedJournal.InvalidateListing(layout);
            var repair = new ViewRepair(layout);
            var report = context.Value(dryRun) ? repair.Check(cancellationToken) : repair.Repair(cancellationToken);
            return Task.FromResult(Report(context, layout, report, context.Value(dryRun)));
        });
        return command;
    }

    private static int Report(CommandContext context, ExecutionLayout layout, ViewReport report, bool dryRun)
    {
        var findings = report.Findings.Where(f => !f.IsWarning).ToList();
        var exitCode = findings.Any(f => f.IsHistoryProblem) ? ExitCodes.DamagedFile
            : findings.Any(f => !f.Repaired) ? (dryRun ? ExitCodes.DamagedFile : ExitCodes.Failed)
            : ExitCodes.Ok;
        if (context.Json)
        {
            context.WriteJson(new RepairDocument(layout.Root, report.ExecutionsChecked, report.Consistent,
                findings.Select(f => new RepairEntry(f.ExecutionId, f.View.ToString(), f.File, f.Condition.ToString(), f.Message, f.Repaired, f.SetAsideCopy)).ToList(),
                report.Running), CliJson.Readable.RepairDocument);
            return exitCode;
        }
        var r = context.Renderer;
        r.Heading($"Views against their histories{(dryRun ? " (dry run: nothing changed)" : "")} in {layout.Root}");
        r.Table(["EXECUTION", "VIEW", "FILE", "FOUND", "ACTION"], findings.Select(f => (IReadOnlyList<string>)
        [
            f.ExecutionId.Length == 0 ? "-" : f.ExecutionId,
            f.View.ToString(),
            layout.RelativeToExecution(f.File),
            f.Condition.ToString(),
            f.Repaired ? (f.SetAsideCopy is null ? "rebuilt" : "rebuilt; damaged copy kept as " + Path.GetFileName(f.SetAsideCopy))
                : f.IsHistoryProblem ? "none: the history is the record" : dryRun ? "would be rebuilt" : "failed",
        ]).ToList(), "(every view agrees with its history)");
        foreach (var finding in findings.Where(f => !f.Repaired)) r.Problem(finding.ToString());
        if (report.Running.Count > 0) r.Line($"{report.Running.Count} execution(s) held by a runner were left to it: {string.Join(", ", report.Running)}");
        var repaired = findings.Count(f => f.Repaired);
        r.Line($"{report.ExecutionsChecked} execution(s) checked: {repaired} view(s) {(dryRun ? "to rebuild" : "rebuilt")}, {findings.Count - repaired} {(dryRun ? "found" : "left")}.");
        return exitCode;
    }
}
