using IrlExec;
using IrlExec.CrashHarness;

// irlexec-crash-harness: runs a four-step workflow whose steps each append one line to workspace/side-effects.log
// (once per execution, keyed by the step's idempotency key), and kills itself with SIGKILL at a chosen point.
//   run [--root DIR] [--kill-at POINT]        start an execution
//   resume <execution-id> [--root DIR]        continue it (a ForDirectory runner, as a user's program has)
//   repair [--root DIR]                       rebuild the views that lag their histories (ViewRepair.Repair)
//   other [--root DIR]                        run another workflow in the root (a runner that opens it)
// POINT: step-start:N, after-effect:N, torn-commit:N, after-record:N, after-completion, views:K (the views of the
// completion: killed once the first K standard views have shown it).
var command = args.Length > 0 ? args[0] : "run";
var root = Option("--root") ?? ".crash-harness";
var killAt = KillPoint.Parse(Option("--kill-at"));
var layout = new ExecutionLayout(root);
var workflow = CrashWorkflow.Create(root, killAt);

try
{
    ExecutionResult result;
    switch (command)
    {
        case "run":
            // The runner's parts, as ForDirectory builds them, with the kill points in between.
            var observers = StandardObservers.For(layout).ToList();
            if (killAt.Kind == KillKind.Views) observers.Insert(killAt.Number, new KillingObserver());
            var runner = new WorkflowRunner(new KillingStore(new FileSystemExecutionStore(layout), layout, killAt), observers);
            result = await runner.RunAsync(workflow, options: new RunOptions { ExecutionId = Option("--execution-id") });
            break;
        case "resume" when args.Length > 1:
            result = await WorkflowRunner.ForDirectory(root).ResumeAsync(workflow, args[1]);
            break;
        case "repair":
            var report = new ViewRepair(layout).Repair();
            foreach (var finding in report.Findings) Console.WriteLine($"{(finding.Repaired ? "repaired" : "left")}: {finding}");
            return report.Consistent ? 0 : 1;
        case "other":
            result = await WorkflowRunner.ForDirectory(root).RunAsync(CrashWorkflow.Other());
            break;
        default:
            Console.Error.WriteLine("usage: IrlExec.CrashHarness run [--kill-at POINT] | resume <id> | repair | other  [--root DIR]");
            return 2;
    }
    Console.WriteLine($"execution: {result.ExecutionId}");
    Console.WriteLine($"status: {StatusTransitions.ToWireName(result.Status)}");
    foreach (var file in result.RepairedViews) Console.WriteLine($"repaired: {file}");
    foreach (var problem in result.ViewProblems) Console.WriteLine($"view problem: {problem}");
    return result.Succeeded ? 0 : 1;
}
catch (WorkflowException e)
{
    Console.Error.WriteLine("error: " + e.Message);
    return e is ExecutionDataException ? 5 : 1;
}

string? Option(string name)
{
    var index = Array.IndexOf(args, name);
    return index >= 0 && index + 1 < args.Length ? args[index + 1] : null;
}
