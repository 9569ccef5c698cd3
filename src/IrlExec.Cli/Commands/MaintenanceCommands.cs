using System.CommandLine;
using System.Globalization;

namespace IrlExec.Cli.Commands;

/// <summary>
/// <c>archive</c>, <c>clean</c>, <c>backup</c> and <c>restore</c>: the seed's weekly cleanup and daily backup, done by
/// <see cref="ExecutionMaintenance"/> (files of active executions are never touched).
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
            context.RequireExecutionFolder();
            var maintenance = new ExecutionMaintenance(context.RootPath, new MaintenanceOptions { LogArchiveAge = Days(context.Value(days)) });
            return Task.FromResult(Report(context, maintenance.ArchiveLogs(context.Value(dryRun), cancellationToken)));
        });
        return command;
    }

    private static Command Clean(HandlerFactory handlers)
    {
        var days = new Option<int>("--older-than") { Description = "Delete results last written more than this many days ago.", DefaultValueFactory = _ => 90 };
        var dryRun = DryRun();
        var command = new Command("clean", "Delete results older than N days (default 90) from execution/results/.") { days, dryRun };
        handlers.Set(command, (context, cancellationToken) =>
        {
            context.RequireExecutionFolder();
            var maintenance = new ExecutionMaintenance(context.RootPath, new MaintenanceOptions { ResultRetention = Days(context.Value(days)) });
            return Task.FromResult(Report(context, maintenance.CleanResults(context.Value(dryRun), cancellationToken)));
        });
        return command;
    }

    private static Command Backup(HandlerFactory handlers)
    {
        var output = new Option<string?>("--output", "-o") { Description = "The archive to write (default: <root>/execution-backup-YYYY-MM-DD.tar.gz)." };
        var dryRun = DryRun();
        var command = new Command("backup", "Back up the whole execution/ folder to a .tar.gz archive.") { output, dryRun };
        handlers.Set(command, (context, cancellationToken) =>
        {
            context.RequireExecutionFolder();
            var maintenance = new ExecutionMaintenance(context.RootPath);
            return Task.FromResult(Report(context, maintenance.Backup(context.Value(dryRun), context.Value(output), cancellationToken)));
        });
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
            return Task.FromResult(Report(context, ExecutionMaintenance.ExtractBackup(file, context.RootPath, context.Value(dryRun), cancellationToken)));
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
}
