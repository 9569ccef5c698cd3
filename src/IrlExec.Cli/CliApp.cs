using System.CommandLine;
using IrlExec.Cli.Commands;
using IrlExec.Cli.Output;

namespace IrlExec.Cli;

/// <summary>The <c>irlexec</c> command tree, and one entry point that parses, runs and returns the exit code.</summary>
internal static class CliApp
{
    public static Command Build(CliConsole console)
    {
        var options = new CliOptions();
        // A plain command named irlexec rather than RootCommand, whose name would be the assembly's (IrlExec.Cli) in help.
        var root = new Command("irlexec", "irlexec: look after an IrlExec execution/ folder, and run, simulate or resume the workflows of an assembly.");
        root.Options.Add(new System.CommandLine.Help.HelpOption());
        root.Options.Add(new VersionOption());
        root.Options.Add(options.Root);
        root.Options.Add(options.Json);
        root.Options.Add(options.Store);
        root.Options.Add(options.Schema);
        var handlers = new HandlerFactory(options, console);
        root.Subcommands.Add(ListCommand.Create(handlers));
        root.Subcommands.Add(StatusCommand.Create(handlers));
        root.Subcommands.Add(LogsCommand.Create(handlers));
        root.Subcommands.Add(ValidateCommand.Create(handlers));
        root.Subcommands.Add(RepairCommand.Create(handlers));
        foreach (var command in MaintenanceCommands.Create(handlers)) root.Subcommands.Add(command);
        root.Subcommands.Add(ExportTrainingCommand.Create(handlers));
        root.Subcommands.Add(ExportCommand.Create(handlers));
        root.Subcommands.Add(ManifestCommand.Create(handlers));
        foreach (var command in WorkflowCommands.Create(handlers)) root.Subcommands.Add(command);
        root.Subcommands.Add(SignalCommand.Create(handlers));
        root.Subcommands.Add(PlanCommand.Create(handlers));
        root.Subcommands.Add(DashboardCommand.Create(handlers));
        return root;
    }

    /// <summary>Parses <paramref name="args"/>, runs the command and returns its exit code (see <see cref="ExitCodes"/>).</summary>
    public static async Task<int> InvokeAsync(string[] args, CliConsole console, CancellationToken cancellationToken = default)
    {
        var parseResult = Build(console).Parse(args);
        if (parseResult.Errors.Count > 0)
        {
            if (UnknownCommand(parseResult) is { } unknown)
            {
                // One error for a mistyped command (System.CommandLine reports it twice: unmatched, and no command given).
                await console.Error.WriteLineAsync("error: " + unknown).ConfigureAwait(false);
                return ExitCodes.Usage;
            }
            foreach (var error in parseResult.Errors) await console.Error.WriteLineAsync("error: " + error.Message).ConfigureAwait(false);
            await console.Error.WriteLineAsync("Run 'irlexec --help' for the commands and their options.").ConfigureAwait(false);
            return ExitCodes.Usage;
        }
        var configuration = new InvocationConfiguration { Output = console.Out, Error = console.Error };
        return await parseResult.InvokeAsync(configuration, cancellationToken).ConfigureAwait(false);
    }

    // "'lst' is not an irlexec command. Did you mean 'list'?" when the first word after the global options names no command.
    private static string? UnknownCommand(ParseResult parseResult)
    {
        if (parseResult.CommandResult.Command != parseResult.RootCommandResult.Command || parseResult.UnmatchedTokens.Count == 0) return null;
        var word = parseResult.UnmatchedTokens[0];
        if (word.StartsWith('-')) return null;
        var commands = parseResult.RootCommandResult.Command.Subcommands.Select(c => c.Name).ToList();
        var suggestion = IrlExec.Generators.Analyzers.NameSuggestions.Closest(word, commands)
            ?? commands.FirstOrDefault(c => c.StartsWith(word, StringComparison.Ordinal) || word.StartsWith(c, StringComparison.Ordinal));
        return $"'{word}' is not an irlexec command." + (suggestion is null ? "" : $" Did you mean '{suggestion}'?") + " Run 'irlexec --help' for the commands.";
    }
}

/// <summary>What a command does with <c>--store</c>.</summary>
internal enum StoreUse
{
    /// <summary>It works on a root folder only: <c>--store</c> is refused.</summary>
    RootOnly,

    /// <summary>It reads a root folder's files: they are rendered from the database into a temporary folder first.</summary>
    RenderedViews,

    /// <summary>It uses the database itself (<see cref="CommandContext.OpenStore"/>).</summary>
    Database,

    /// <summary>It reads neither (<c>plan</c>).</summary>
    Neither,
}

/// <summary>Wraps command handlers: builds their <see cref="CommandContext"/> and turns exceptions into messages and exit codes.</summary>
internal sealed class HandlerFactory(CliOptions options, CliConsole console)
{
    /// <param name="command">The command.</param>
    /// <param name="handler">What it does.</param>
    /// <param name="storeUse">What it does with <c>--store</c>.</param>
    /// <param name="executionsToRender">For <see cref="StoreUse.RenderedViews"/>: the executions it reads (null: all).</param>
    public void Set(Command command, Func<CommandContext, CancellationToken, Task<int>> handler, StoreUse storeUse = StoreUse.RootOnly, Func<CommandContext, IReadOnlyList<string>?>? executionsToRender = null) =>
        command.SetAction(async (parseResult, cancellationToken) =>
        {
            var context = new CommandContext(parseResult, console, parseResult.GetValue(options.Root) ?? ".", parseResult.GetValue(options.Json), null);
            string? rendered = null;
            try
            {
                if (parseResult.GetValue(options.Store) is { } store)
                {
                    context = new CommandContext(parseResult, console, context.RootPath, context.Json, StoreOption.ConnectionString(store), parseResult.GetValue(options.Schema) ?? "irlexec");
                    if (storeUse == StoreUse.RootOnly)
                    {
                        throw CliException.Usage($"'irlexec {command.Name}' works on a root folder only; --store is for list, status, logs, validate, export-training, run, simulate, resume, signal, export, clean, backup and dashboard.");
                    }
                    if (storeUse == StoreUse.RenderedViews)
                    {
                        rendered = Path.Combine(Path.GetTempPath(), "irlexec-views-" + Guid.NewGuid().ToString("N")[..12]);
                        await using var database = context.OpenStore();
                        await IrlExec.PostgreSql.ExecutionExport.ExportAsync(database, executionsToRender?.Invoke(context), rendered, cancellationToken).ConfigureAwait(false);
                        context = context.WithRoot(rendered);
                    }
                }
                return await handler(context, cancellationToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                await console.Error.WriteLineAsync("cancelled").ConfigureAwait(false);
                return ExitCodes.Failed;
            }
            catch (Exception error)
            {
                context.ReportError(CliException.From(error));
                return CliException.From(error).ExitCode;
            }
            finally
            {
                if (rendered is not null && Directory.Exists(rendered)) Directory.Delete(rendered, recursive: true);
            }
        });
}
