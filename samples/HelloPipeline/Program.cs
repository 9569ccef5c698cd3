using HelloPipeline;
using IrlExec;

// hello-pipeline: a hand-written IrlExec workflow.
//   run      [--root DIR] [--audience NAME] [--delay-ms N]   start an execution (EXECUTION mode)
//   simulate [--root DIR] [--audience NAME]                  dry run: no side effects, estimates only
//   resume   <execution-id> [--root DIR] [--delay-ms N]      continue a paused or interrupted execution
var command = args.Length > 0 ? args[0] : "run";
var root = Option("--root") ?? ".irlexec-demo";
var audience = Option("--audience") ?? "world";
var delay = TimeSpan.FromMilliseconds(int.Parse(Option("--delay-ms") ?? "50", System.Globalization.CultureInfo.InvariantCulture));

var workflow = HelloPipelineWorkflow.Create(root, delay);
var runner = WorkflowRunner.ForDirectory(root);
var variables = new VariableStore();
variables.Set("audience", audience);

// Ctrl-C or SIGTERM pauses the execution (resumable) instead of killing the process with it left IN_PROGRESS.
using var stop = StopSignals.Listen();
try
{
    ExecutionResult result;
    switch (command)
    {
        case "run":
        case "simulate":
            result = command == "run"
                ? await runner.RunAsync(workflow, variables, cancellationToken: stop.Token)
                : await runner.SimulateAsync(workflow, variables, cancellationToken: stop.Token);
            break;
        case "resume" when args.Length > 1 && !args[1].StartsWith("--", StringComparison.Ordinal):
            result = await runner.ResumeAsync(workflow, args[1], cancellationToken: stop.Token);
            break;
        default:
            Console.Error.WriteLine("usage: HelloPipeline run|simulate [--root DIR] [--audience NAME] [--delay-ms N] | resume <execution-id> [--root DIR]");
            return 2;
    }
    Print(result);
    if (stop.Received) Console.WriteLine($"stopped:         dotnet run --project samples/HelloPipeline -- resume {result.ExecutionId} --root {root}");
    return result.Succeeded ? 0 : 1;
}
catch (OperationCanceledException) when (stop.Received)
{
    // Stopped before the run's first commit: nothing was recorded (a stop after it pauses the execution, printed above).
    Console.Error.WriteLine(command == "resume"
        ? "stopped before the resume began: nothing was recorded, the execution is as it was; resume it again to continue."
        : "stopped before the execution was created: nothing was recorded; run again to start it.");
    return 1;
}
catch (WorkflowException e)
{
    Console.Error.WriteLine("error: " + e.Message);
    return 1;
}

void Print(ExecutionResult result)
{
    var layout = new ExecutionLayout(root);
    var state = result.State;
    var metrics = result.Metrics;
    Console.WriteLine($"execution:       {result.ExecutionId}");
    Console.WriteLine($"status:          {StatusTransitions.ToWireName(result.Status)}{(result.Reason is null ? "" : " (" + result.Reason + ")")}");
    Console.WriteLine($"mode:            {result.Mode.ToWireName()}");
    Console.WriteLine($"cost:            ${metrics.ActualCost:0.00} actual / ${metrics.EstimatedCost:0.00} estimated");
    Console.WriteLine($"execution_state: {layout.WorkspaceStateFile}");
    Console.WriteLine($"copy:            {layout.MarkdownFile(state.ExecutionId)}");
    Console.WriteLine($"log:             {layout.LogFile(state.RunLabel)}");
    Console.WriteLine($"history:         {layout.HistoryFile(state.ExecutionId)}");
    Console.WriteLine($"snapshot:        {layout.SnapshotFile(state.ExecutionId)}");
    if (StatusTransitions.IsTerminal(state.Status)) Console.WriteLine($"result:          {layout.ResultFile(state.Workflow, state.RunLabel)}");
}

string? Option(string name)
{
    var index = Array.IndexOf(args, name);
    return index >= 0 && index + 1 < args.Length ? args[index + 1] : null;
}
