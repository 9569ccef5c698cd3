using HealthCheck;
using IrlExec;

// health-check: writes the quarantine and approval state snapshots under <root>/execution/state/.
//   [run|simulate] [--root DIR]
var command = args.Length > 0 && !args[0].StartsWith("--", StringComparison.Ordinal) ? args[0] : "run";
var index = Array.IndexOf(args, "--root");
var root = Path.GetFullPath(index >= 0 && index + 1 < args.Length ? args[index + 1] : ".irlexec-demo");
var runner = WorkflowRunner.ForDirectory(root);
var workflow = new HealthCheckWorkflow { Root = root };
ExecutionResult result = command switch
{
    "run" => await HealthCheckWorkflow.RunAsync(runner, workflow, new RunOptions { Actor = "health-monitor" }),
    "simulate" => await HealthCheckWorkflow.SimulateAsync(runner, workflow),
    _ => throw new ArgumentException("usage: HealthCheck [run|simulate] [--root DIR]"),
};
Console.WriteLine($"execution: {result.ExecutionId}");
Console.WriteLine($"status:    {StatusTransitions.ToWireName(result.Status)}{(result.Reason is null ? "" : " (" + result.Reason + ")")}");
foreach (var variable in result.State.Variables.Where(v => v.Name is "quarantine" or "metrics" or "snapshots")) Console.WriteLine($"{variable.Name}: {variable.Json}");
return result.Succeeded ? 0 : 1;
