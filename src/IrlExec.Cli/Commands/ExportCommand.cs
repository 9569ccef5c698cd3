using System.CommandLine;

namespace IrlExec.Cli.Commands;

/// <summary>
/// <c>irlexec export [id...] --output &lt;folder&gt;</c>: the files of chosen executions (all when none is named),
/// rendered from their histories into a folder in the seed's layout; from the database with <c>--store</c>, else from
/// the root folder's histories.
/// </summary>
internal static class ExportCommand
{
    public static Command Create(HandlerFactory handlers)
    {
        var ids = new Argument<string[]>("execution-id") { Description = "The executions to export (default: all).", Arity = ArgumentArity.ZeroOrMore };
        var output = new Option<string>("--output", "-o") { Description = "The folder to write them to (created if missing); it becomes a root like any other.", Required = true };
        var command = new Command("export", "Write the files of chosen executions (execution_state.md, log, snapshot, result, history, manifest tables), rendered from their histories, to a folder.") { ids, output };
        handlers.Set(command, async (context, cancellationToken) =>
        {
            var chosen = context.Value(ids) is { Length: > 0 } named ? Array.ConvertAll(named, CommandContext.CheckedExecutionId) : null;
            var folder = Path.GetFullPath(context.Value(output)!);
            IReadOnlyList<string> exported;
            if (context.Store is not null)
            {
                await using var database = context.OpenStore();
                exported = await IrlExec.PostgreSql.ExecutionExport.ExportAsync(database, chosen, folder, cancellationToken).ConfigureAwait(false);
            }
            else
            {
                using var files = new FileSystemExecutionStore(context.RequireExecutionFolder());
                exported = await IrlExec.PostgreSql.ExecutionExport.ExportAsync(files, chosen, folder, cancellationToken).ConfigureAwait(false);
            }
            if (context.Json)
            {
                context.WriteJson(new ExportedDocument(folder, exported), CliJson.Readable.ExportedDocument);
                return ExitCodes.Ok;
            }
            context.Renderer.Table(["EXECUTION"], exported.Select(id => (IReadOnlyList<string>)[id]).ToList(), "(no executions)");
            context.Renderer.Success($"{exported.Count} execution(s) exported to {folder}");
            return ExitCodes.Ok;
        }, StoreUse.Database);
        return command;
    }
}
