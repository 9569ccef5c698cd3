using System.CommandLine;
using IrlExec.Cli.Output;

namespace IrlExec.Cli.Commands;

/// <summary>
/// <c>irlexec signal &lt;id&gt; &lt;name&gt; [--value json] [--root DIR | --store ...]</c>: delivers a signal to an execution (the SDK's
/// <see cref="WorkflowRunner.SignalAsync"/>). It is recorded in the history at once when nobody runs the execution, or by
/// its runner otherwise; a hosted worker (or <c>irlexec resume</c>) then wakes a step waiting for it.
/// </summary>
internal static class SignalCommand
{
    public static Command Create(HandlerFactory handlers)
    {
        var id = new Argument<string>("execution-id") { Description = "The execution to signal (see 'irlexec list')." };
        var name = new Argument<string>("name") { Description = "The signal, one the execution's steps wait for (e.g. approval)." };
        var value = new Option<string?>("--value") { Description = "The payload as JSON, e.g. '{\"approved\":true}' or '\"samson\"' (default: null)." };
        var actor = new Option<string?>("--actor") { Description = "Who sends it, recorded with the signal (default: human:<user name>)." };
        var command = new Command("signal", "Deliver a signal to an execution; a step waiting for it gets its payload at its next attempt.");
        command.Arguments.Add(id);
        command.Arguments.Add(name);
        command.Options.Add(value);
        command.Options.Add(actor);
        handlers.Set(command, async (context, cancellationToken) =>
        {
            // With --store the signal goes to the database's inbox (the signals table); a worker on it wakes the step.
            await using var database = context.Store is null ? null : context.OpenStore();
            var layout = database is null ? context.RequireExecutionFolder() : null;
            var runner = database is null ? WorkflowRunner.ForDirectory(layout!.Root) : new WorkflowRunner(database);
            var executionId = context.ExecutionId(id);
            var signal = context.Value(name)!;
            var sender = context.Value(actor) is { Length: > 0 } given ? given : RunOptions.Default.Actor;
            SignalDelivery delivery;
            try
            {
                delivery = await runner.SignalAsync(executionId, signal, context.Value(value), sender, cancellationToken).ConfigureAwait(false);
            }
            catch (UnknownSignalException unknown)
            {
                throw CliException.Usage(unknown.Message);
            }
            catch (UnknownExecutionException) when (database is not null)
            {
                throw CliException.UnknownId($"No execution '{executionId}' in the PostgreSQL schema '{database.Options.Schema}'. 'irlexec list --store ...' shows the executions.");
            }
            var where = database is null ? $"--root {ShellText.Quote(layout!.Root)}" : "--store <connection string | env:NAME>";
            var recorded = delivery == SignalDelivery.Recorded;
            if (context.Json)
            {
                context.WriteJson(new SignalDocument(executionId, signal, recorded ? "recorded" : "queued"), CliJson.Readable.SignalDocument);
            }
            else if (recorded)
            {
                context.Renderer.Success($"Signal '{signal}' recorded in the history of {executionId}. A hosted worker wakes a step waiting for it; without one: irlexec resume {executionId} {where} --assembly <dll>");
            }
            else
            {
                context.Renderer.Success($"Signal '{signal}' kept for {executionId}, which is running: its runner records it before its next step that takes signals.");
            }
            return ExitCodes.Ok;
        }, StoreUse.Database);
        return command;
    }
}
