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
        var handlers = new HandlerFactory(options, console);
        root.Subcommands.Add(ListCommand.Create(handlers));
        root.Subcommands.Add(StatusCommand.Create(handlers));
        root.Subcommands.Add(LogsCommand.Create(handlers));
        root.Subcommands.Add(ValidateCommand.Create(handlers));
        foreach (var command in MaintenanceCommands.Create(handlers)) root.Subcommands.Add(command);
        root.Subcommands.Add(ExportTrainingCommand.Create(handlers));
        root.Subcommands.Add(ManifestCommand.Create(handlers));
        foreach (var command in WorkflowCommands.Create(handlers)) root.Subcommands.Add(command);
        root.Subcommands.Add(PlanCommand.Create(handlers));
        return root;
    }

    /// <summary>Parses <paramref name="args"/>, runs the command and returns its exit code (see <see cref="ExitCodes"/>).</summary>
    public static async Task<int> InvokeAsync(string[] args, CliConsole console, CancellationToken cancellationToken = default)
    {
        var parseResult = Build(console).Parse(args);
        if (parseResult.Errors.Count > 0)
        {
            foreach (var error in parseResult.Errors) await console.Error.WriteLineAsync("error: " + error.Message).ConfigureAwait(false);
            await console.Error.WriteLineAsync("Run 'irlexec --help' for the commands and their options.").ConfigureAwait(false);
            return ExitCodes.Usage;
        }
        var configuration = new InvocationConfiguration { Output = console.Out, Error = console.Error };
        return await parseResult.InvokeAsync(configuration, cancellationToken).ConfigureAwait(false);
    }
}

/// <summary>Wraps command handlers: builds their <see cref="CommandContext"/> and turns exceptions into messages and exit codes.</summary>
internal sealed class HandlerFactory(CliOptions options, CliConsole console)
{
    public void Set(Command command, Func<CommandContext, CancellationToken, Task<int>> handler) =>
        command.SetAction(async (parseResult, cancellationToken) =>
        {
            var context = new CommandContext(parseResult, console, parseResult.GetValue(options.Root) ?? ".", parseResult.GetValue(options.Json));
            try
            {
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
        });
}
