using System.CommandLine;
using System.Globalization;

namespace IrlExec.Cli.Commands;

/// <summary>
/// <c>archive</c>, <c>clean</c>, <c>backup</c> and <c>restore</c>: the seed's weekly cleanup and daily backup, done by
/// <see cref="ExecutionMaintenance"/> (files of active executions are never touched). Those that change files delete the
/// stamp of the state listing first (<see cref="StartedJournal.InvalidateListing"/>; restore: after extracting, since a
/// backup holds one): the next <c>list</c> lists <c>execution/state/</c>.
/// </summary>
internal static class MaintenanceCommands
{
    public static IEnumerable<Command> Create(HandlerFactory handlers)
    {
        yield return Archive(handlers);
        yield return Clean(handlers);
        yield return Backup(handlers);
        yield return Restore(handlers);
    }

    private static Option<bool> DryRun() => new("--dry-run") { Description = "Show what would be done; change nothing." };

    private static Command Archive(HandlerFactory handlers)
    {
        var days = new Option<int>("--older-than") { Description = "Archive logs last written more than this many days ago.", DefaultValueFactory = _ => 30 };
        var dryRun = DryRun();
        var command = new Command("archive", "Gzip logs older than N days (default 30) into execution/archive/YYYY-MM/.") { days, dryRun };
        handlers.Set(command, (context, cancellationToken) =>
        {
            var layout = context.RequireExecutionFolder();
            if (!context.Value(dryRun)) StartedJournal.InvalidateListing(layout);
            var maintenance = new ExecutionMaintenance(context.RootPath, new MaintenanceOptions { LogArchiveAge = Days(context.Value(days)) });
            return Task.FromResult(Report(context, maintenance.ArchiveLogs(context.Value(dryRun), cancellationToken)));
        });
        return command;
    }

    private static Command Clean(HandlerFactory handlers)
    {
        var days = new Option<int>("--older-than") { Description = "Delete results last written more than this many days ago (with --store: executions finished more than this many days ago).", DefaultValueFactory = _ => 90 };
        var exportTo = new Option<string?>("--export-to") { Description = "With --store: where the deleted executions' files are exported first (default: ./irlexec-export-YYYY-MM-DD)." };
        var dryRun = DryRun();
        var command = new Command("clean", "Delete results older than N days (default 90) from execution/results/, and undelivered signals of finished executions; with --store, export then delete the executions finished more than N days ago.") { days, exportTo, dryRun };
        handlers.Set(command, async (context, cancellationToken) =>
        {
            if (context.Store is not null) return await CleanDatabaseAsync(context, Days(context.Value(days)), context.Value(exportTo), context.Value(dryRun), cancellationToken).ConfigureAwait(false);
            var layout = context.RequireExecutionFolder();
            if (!context.Value(dryRun)) StartedJournal.InvalidateListing(layout);
            var maintenance = new ExecutionMaintenance(context.RootPath, new MaintenanceOptions { ResultRetention = Days(context.Value(days)) });
            return Report(context, maintenance.CleanResults(context.Value(dryRun), cancellationToken));
        }, StoreUse.Database);
        return command;
    }

    private static Command Backup(HandlerFactory handlers)
    {
        var output = new Option<string?>("--output", "-o") { Description = "The archive to write (default: <root>/execution-backup-YYYY-MM-DD.tar.gz; with --store: ./execution-backup-YYYY-MM-DD.tar.gz)." };
        var dryRun = DryRun();
        var command = new Command("backup", "Back up the whole execution/ folder to a .tar.gz archive (with --store: the files of every execution, rendered from the database).") { output, dryRun };
        handlers.Set(command, (context, cancellationToken) =>
        {
            context.RequireExecutionFolder();
            var maintenance = new ExecutionMaintenance(context.RootPath);
            // With --store the root is a temporary folder of rendered files: the archive goes to the current folder.
            var archive = context.Value(output) ?? (context.Store is null ? null : Path.GetFullPath($"execution-backup-{DateTime.UtcNow:yyyy-MM-dd}.tar.gz"));
            return Task.FromResult(Report(context, maintenance.Backup(context.Value(dryRun), archive, cancellationToken)));
        }, StoreUse.RenderedViews);
        return command;
    }

    private static Command Restore(HandlerFactory handlers)
    {
        var backup = new Argument<string>("backup-file") { Description = "A .tar.gz written by 'irlexec backup'." };
        var dryRun = DryRun();
        var command = new Command("restore", "Restore a backup into the root (which must not have an execution/ folder yet).") { backup, dryRun };
        handlers.Set(command, (context, cancellationToken) =>
        {
            var file = context.Value(backup)!;
            if (!File.Exists(file)) throw new CliException(ExitCodes.UnknownId, "unknown_backup", $"The backup '{Path.GetFullPath(file)}' does not exist.");
            var report = ExecutionMaintenance.ExtractBackup(file, context.RootPath, context.Value(dryRun), cancellationToken);
            // The backup's stamp of the state listing describes the backed-up folder, not the files as extracted.
            if (!context.Value(dryRun)) StartedJournal.InvalidateListing(new ExecutionLayout(context.RootPath));
            return Task.FromResult(Report(context, report));
        });
        return command;
    }

    private static string Word(MaintenanceFileAction action) => action switch
    {
        MaintenanceFileAction.BackedUp => "backed up",
        _ => action.ToString().ToLowerInvariant(),
    };

    private static TimeSpan Days(int days) =>
        days >= 0 ? TimeSpan.FromDays(days) : throw CliException.Usage($"--older-than must be 0 or more days, not {days}.");

    private static int Report(CommandContext context, MaintenanceReport report)
    {
        var exitCode = report.Succeeded ? ExitCodes.Ok : ExitCodes.Failed;
        if (context.Json)
        {
            context.Console.Out.WriteLine(report.ToJson());
            return exitCode;
        }
        var r = context.Renderer;
        var verb = report.DryRun ? "would be " : "";
        r.Heading($"{report.Operation}{(report.DryRun ? " (dry run: nothing changed)" : "")} in {report.ExecutionDirectory}");
        r.Table(["FILE", "ACTION", "DETAIL"],
            report.Files.Select(f => (IReadOnlyList<string>)[f.Path, f.Action.ToString(), f.Destination ?? f.Reason ?? ""]).ToList(),
            "(no files)");
        var counts = report.Files.GroupBy(f => f.Action).Select(g => $"{g.Count().ToString(CultureInfo.InvariantCulture)} {verb}{Word(g.Key)}");
        r.Line(string.Join(", ", counts.DefaultIfEmpty("nothing to do")));
        if (report.BackupFile is not null) r.Line($"archive: {report.BackupFile}");
        if (!report.Succeeded) r.Problem($"{report.Failed.Count} file(s) failed; they were left unchanged.");
        return exitCode;
    }

    // clean --store: the executions finished before the retention age are exported, then deleted; active ones are never touched.
    private static async Task<int> CleanDatabaseAsync(CommandContext context, TimeSpan age, string? exportTo, bool dryRun, CancellationToken cancellationToken)
    {
        await using var database = context.OpenStore();
        var folder = exportTo ?? $"irlexec-export-{DateTime.UtcNow:yyyy-MM-dd}";
        var report = await IrlExec.PostgreSql.PostgreSqlRetention.DeleteFinishedAsync(database, age, folder, dryRun, cancellationToken).ConfigureAwait(false);
        if (context.Json)
        {
            context.WriteJson(new RetentionDocument("clean", report.DryRun, report.ExportFolder, report.Deleted, report.Held, report.Active), CliJson.Readable.RetentionDocument);
            return ExitCodes.Ok;
        }
        var r = context.Renderer;
        var verb = dryRun ? "would be exported and deleted" : "exported and deleted";
        r.Heading($"clean{(dryRun ? " (dry run: nothing changed)" : "")} in the PostgreSQL schema '{database.Options.Schema}'");
        r.Table(["EXECUTION", "ACTION"],
        [
            .. report.Deleted.Select(id => (IReadOnlyList<string>)[id, verb]),
            .. report.Held.Select(id => (IReadOnlyList<string>)[id, "kept: a worker holds it"]),
            .. report.Active.Select(id => (IReadOnlyList<string>)[id, "kept: not finished, or held"]),
        ], "(nothing older than the retention age)");
        r.Line($"{report.Deleted.Count} {verb}; export folder: {report.ExportFolder}");
        return ExitCodes.Ok;
    }
}
