using System.CommandLine;
using IrlExec.Cli.Output;
using IrlExec.Cli.Workflows;

namespace IrlExec.Cli.Commands;

/// <summary><c>run</c>, <c>simulate</c> and <c>resume</c> for the workflows of an assembly given with <c>--assembly</c>.</summary>
internal static class WorkflowCommands
{
    public static IEnumerable<Command> Create(HandlerFactory handlers)
    {
        yield return Start(handlers, "run", "Start a new execution of a workflow (EXECUTION mode) and run it until it completes, fails or pauses.", ExecutionMode.Execution);
        yield return Start(handlers, "simulate", "Start a SIMULATION of a workflow: the plan with estimates, no side effects.", ExecutionMode.Simulation);
        yield return Resume(handlers);
    }

    private sealed class WorkflowOptions
    {
        public Option<string?> Assembly { get; } = new("--assembly", "-a") { Description = "The .dll that declares the workflows (built with the IrlExec generator)." };
        public Option<string[]> Variables { get; } = new(VariableArguments.ValueOption) { Description = "A variable as name=value (repeatable). Non-string values are JSON: --var daily_cap=5. Visible in ps and shell history: give secrets with --var-env or --var-file." };

        public Option<string[]> VariablesFromEnvironment { get; } = new(VariableArguments.EnvironmentOption) { Description = "A variable as name=ENV_VAR (repeatable): its value is read from that environment variable." };

        public Option<string[]> VariablesFromFiles { get; } = new(VariableArguments.FileOption) { Description = "A variable as name=PATH (repeatable): its value is the file's text (one final line break dropped); PATH - reads standard input." };

        public Option<bool> AllowExtraVariables { get; } = new(VariableArguments.AllowExtraOption) { Description = "Accept variable names the workflow does not know (refused by default, with the closest known name)." };
        public Option<string?> Actor { get; } = new("--actor") { Description = "Who runs it, for the manifest (default: human:<user name>)." };

        public Option<int?> MaxAttempts { get; } = new Option<int?>("--max-attempts") { Description = "Attempts of each step in this run before its failure counts (overrides every step's MaxAttempts; at least 1)." }.AtLeast(1);

        public Option<int?> MaxRecoveryAttempts { get; } = new Option<int?>("--max-recovery-attempts") { Description = "How often a step interrupted by its process stopping is run again (overrides every step's MaxRecoveryAttempts; 0 or more)." }.AtLeast(0);

        public Option<string?> OnStepFailure { get; } = new Option<string?>("--on-step-failure") { Description = "What a step failure does once its attempts are used up: pause (default, resumable) or fail (the execution ends COMPLETED_FAILURE)." }
            .AcceptOnlyFromAmong("pause", "fail");

        public void AddTo(Command command)
        {
            command.Options.Add(Assembly);
            command.Options.Add(Variables);
            command.Options.Add(VariablesFromEnvironment);
            command.Options.Add(VariablesFromFiles);
            command.Options.Add(AllowExtraVariables);
            command.Options.Add(Actor);
            command.Options.Add(MaxAttempts);
            command.Options.Add(MaxRecoveryAttempts);
            command.Options.Add(OnStepFailure);
        }

        public VariableSources VariableSources(CommandContext context) => new(
            context.Value(Variables) ?? [], context.Value(VariablesFromEnvironment) ?? [], context.Value(VariablesFromFiles) ?? [], context.Value(AllowExtraVariables));

        public RunOptions RunOptions(CommandContext context, string? executionId = null) => new()
        {
            Actor = context.Value(Actor) is { Length: > 0 } actor ? actor : IrlExec.RunOptions.Default.Actor,
            ExecutionId = executionId,
            MaxAttempts = context.Value(MaxAttempts),
            MaxRecoveryAttempts = context.Value(MaxRecoveryAttempts),
            OnStepFailure = context.Value(OnStepFailure) == "fail" ? StepFailurePolicy.FailExecution : StepFailurePolicy.PauseExecution,
        };
    }

    private static Command Start(HandlerFactory handlers, string name, string description, ExecutionMode mode)
    {
        var workflow = new Argument<string>("workflow") { Description = "The workflow name, e.g. incident-approval." };
        var id = new Option<string?>("--execution-id") { Description = "An explicit id for the new execution (default: generated)." };
        var options = new WorkflowOptions();
        var command = new Command(name, description);
        command.Arguments.Add(workflow);
        command.Options.Add(id);
        options.AddTo(command);
        handlers.Set(command, async (context, cancellationToken) =>
        {
            // Starting an execution creates the root when it is missing, as the SDK (WorkflowRunner.ForDirectory) and restore do.
            var layout = context.CreateRoot();
            var assemblyPath = context.Value(options.Assembly);
            var definition = WorkflowAssembly.Find(WorkflowAssembly.Load(assemblyPath), context.Value(workflow)!, assemblyPath!);
            var variables = VariableArguments.Parse(options.VariableSources(context), definition.Plan, layout, context.Console);
            var runOptions = options.RunOptions(context, context.Value(id));
            var title = $"{(mode == ExecutionMode.Execution ? "run" : "simulate")} {definition.Plan.Name}";
            await using var database = context.Store is null ? null : context.OpenStore();
            ExecutionResult result;
            try
            {
                result = await WithProgressAsync(context, title, definition.Plan.Steps.Count, completedSteps: 0, progress =>
                {
                    var runner = Runner(layout, database, progress);
                    return mode == ExecutionMode.Execution
                        ? runner.RunAsync(definition, variables, runOptions, cancellationToken)
                        : runner.SimulateAsync(definition, variables, runOptions, cancellationToken);
                }).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                // Ctrl+C before the run's first commit (later, the run pauses the execution and returns it).
                return StoppedBeforeBegin(context, "cancelled: stopped before the execution was created; nothing was recorded.");
            }
            return Report(context, layout, result, assemblyPath!);
        }, StoreUse.Database);
        return command;
    }

    private static Command Resume(HandlerFactory handlers)
    {
        var id = new Argument<string>("execution-id") { Description = "The execution to continue (see 'irlexec list')." };
        var options = new WorkflowOptions();
        var command = new Command("resume", "Continue a paused, failed-step or interrupted execution from its first step not completed.");
        command.Arguments.Add(id);
        options.AddTo(command);
        handlers.Set(command, async (context, cancellationToken) =>
        {
            await using var database = context.Store is null ? null : context.OpenStore();
            var layout = database is null ? context.RequireExecutionFolder() : new ExecutionLayout(context.RootPath);
            var executionId = context.ExecutionId(id);
            // The history says which workflow it is (or, when the history is missing, the markdown the resume starts a new
            // history from): find that one in the assembly.
            var state = database is null
                ? ExecutionFolder.Load(layout, executionId).State
                : await new WorkflowRunner(database).GetStateAsync(executionId, cancellationToken).ConfigureAwait(false)
                    ?? throw CliException.UnknownId($"No execution '{executionId}' in the PostgreSQL schema '{database.Options.Schema}'. 'irlexec list --store ...' shows the executions.");
            var assemblyPath = context.Value(options.Assembly);
            var definition = WorkflowAssembly.Find(WorkflowAssembly.Load(assemblyPath), state.Workflow, assemblyPath!);
            var variables = VariableArguments.Parse(options.VariableSources(context), definition.Plan, layout: null, context.Console);
            var completed = state.Steps.Count(s => s.Status == StepStatus.Completed);
            ExecutionResult result;
            try
            {
                result = await WithProgressAsync(context, $"resume {state.Workflow}", definition.Plan.Steps.Count, completed, progress =>
                    Runner(layout, database, progress).ResumeAsync(definition, executionId, variables.Count == 0 ? null : variables, options.RunOptions(context), cancellationToken))
                    .ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                return StoppedBeforeBegin(context, $"cancelled: stopped before the resume began; nothing was recorded, execution {executionId} is as it was.");
            }
            return Report(context, layout, result, assemblyPath!);
        }, StoreUse.Database);
        return command;
    }

    private static int StoppedBeforeBegin(CommandContext context, string message)
    {
        context.Console.Error.WriteLine(message);
        return ExitCodes.Failed;
    }

    // A progress bar of the steps on a terminal; none for --json or plain output, whose report after the run says it all.
    private static Task<ExecutionResult> WithProgressAsync(CommandContext context, string title, int totalSteps, int completedSteps, Func<IStepProgress?, Task<ExecutionResult>> run) =>
        context.Json ? run(null) : context.Renderer.WithStepProgressAsync(title, totalSteps, completedSteps, run);

    // With --store the history goes to the database and no file is written: the views are rendered from it when asked.
    private static WorkflowRunner Runner(ExecutionLayout layout, IExecutionStore? database, IStepProgress? progress) =>
        database is not null
            ? new WorkflowRunner(database, progress is null ? [] : [new StepProgressObserver(progress)])
            : progress is null
                ? WorkflowRunner.ForDirectory(layout.Root)
                : WorkflowRunner.ForDirectoryWithObservers(layout.Root, [new StepProgressObserver(progress)]);

    private static int Report(CommandContext context, ExecutionLayout layout, ExecutionResult result, string assemblyPath)
    {
        var state = result.State;
        if (context.Store is not null) return ReportFromDatabase(context, result);
        var files = ExecutionFolder.FilesOf(layout, state);
        var status = StatusTransitions.ToWireName(result.Status);
        var exitCode = result.Status switch
        {
            ExecutionStatus.CompletedSuccess => ExitCodes.Ok,
            ExecutionStatus.Paused => ExitCodes.Paused,
            _ => ExitCodes.Failed,
        };
        // The outcome is the history's; a view that could not be written is a warning naming its file.
        foreach (var problem in result.ViewProblems)
        {
            context.Console.Error.WriteLine((problem.Repaired ? "note: " : "warning: ") + problem
                + (problem.Repaired ? "" : " The history is complete; 'irlexec repair' rebuilds this view once the cause is fixed."));
        }
        if (result.RepairedViews.Count > 0)
        {
            context.Console.Error.WriteLine($"The execution had already finished ({status}); nothing ran. Its views lagged its history and were rewritten: {string.Join(", ", result.RepairedViews)}");
        }
        if (context.Json)
        {
            context.WriteJson(new RunDocument(result.ExecutionId, state.Workflow, status, result.Mode.ToWireName(), result.Reason, files, result.Metrics,
                result.ViewProblems.Select(p => new ViewProblemSummary(p.View, p.File, p.Message, p.Repaired)).ToList(), result.RepairedViews), CliJson.Readable.RunDocument);
            return exitCode;
        }
        var r = context.Renderer;
        var m = result.Metrics;
        r.KeyValues(
        [
            new("execution", result.ExecutionId),
            new("workflow", state.Workflow),
            new("status", status),
            .. result.Reason is null ? Array.Empty<KeyValuePair<string, string>>() : [new("reason", result.Reason)],
            new("mode", result.Mode.ToWireName()),
            new("steps", $"{m.StepsCompleted}/{m.StepsTotal} completed"),
            new("cost", $"{ExecutionFolder.Money(m.ActualCost)} actual / {ExecutionFolder.Money(m.EstimatedCost)} estimated"),
            new("time", $"{ExecutionFolder.Seconds(m.ActualSeconds)} actual / {ExecutionFolder.Seconds(m.EstimatedSeconds)} estimated"),
            new("execution_state", files.ExecutionState),
            new("workspace_state", layout.WorkspaceStateFile),
            new("log", files.Log),
            new("snapshot", files.Snapshot),
            .. files.Result is null ? Array.Empty<KeyValuePair<string, string>>() : [new("result", files.Result)],
        ]);
        if (result.Status == ExecutionStatus.Paused)
        {
            r.Warning($"Paused. Continue with: irlexec resume {result.ExecutionId} --root {ShellText.Quote(layout.Root)} --assembly {ShellText.Quote(Path.GetFullPath(assemblyPath))} [--var name=value]");
        }
        else if (result.Succeeded)
        {
            r.Success("Completed.");
        }
        else
        {
            r.Problem("Failed.");
        }
        return exitCode;
    }

    // The same report for an execution kept in PostgreSQL: no files to point at.
    private static int ReportFromDatabase(CommandContext context, ExecutionResult result)
    {
        var status = StatusTransitions.ToWireName(result.Status);
        var exitCode = result.Status switch
        {
            ExecutionStatus.CompletedSuccess => ExitCodes.Ok,
            ExecutionStatus.Paused => ExitCodes.Paused,
            _ => ExitCodes.Failed,
        };
        if (context.Json)
        {
            context.WriteJson(new RunDocument(result.ExecutionId, result.State.Workflow, status, result.Mode.ToWireName(), result.Reason, null, result.Metrics, [], []), CliJson.Readable.RunDocument);
            return exitCode;
        }
        var m = result.Metrics;
        context.Renderer.KeyValues(
        [
            new("execution", result.ExecutionId),
            new("workflow", result.State.Workflow),
            new("status", status),
            .. result.Reason is null ? Array.Empty<KeyValuePair<string, string>>() : [new("reason", result.Reason)],
            new("mode", result.Mode.ToWireName()),
            new("steps", $"{m.StepsCompleted}/{m.StepsTotal} completed"),
            new("cost", $"{ExecutionFolder.Money(m.ActualCost)} actual / {ExecutionFolder.Money(m.EstimatedCost)} estimated"),
            new("time", $"{ExecutionFolder.Seconds(m.ActualSeconds)} actual / {ExecutionFolder.Seconds(m.EstimatedSeconds)} estimated"),
            new("files", $"none: kept in PostgreSQL; 'irlexec status {result.ExecutionId} --store ...' or 'irlexec export {result.ExecutionId} --store ... --output <folder>' renders them"),
        ]);
        if (result.Status == ExecutionStatus.Paused) context.Renderer.Warning($"Paused. Continue with: irlexec resume {result.ExecutionId} --store <connection string | env:NAME> --assembly <dll> [--var name=value]");
        else if (result.Succeeded) context.Renderer.Success("Completed.");
        else context.Renderer.Problem("Failed.");
        return exitCode;
    }
}
