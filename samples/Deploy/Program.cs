using Deploy;
using IrlExec;

// deploy: a workflow with a step that pauses for a human's approval.
//   run    [--root DIR] [--release-version V] [--environment E]   start; pauses at the approval step
//   resume <execution-id> --approved-by NAME [--root DIR]          approve and finish (--var approved_by=NAME works too)
// The irlexec CLI does the same for this assembly: irlexec run deploy --assembly Deploy.dll --var version=1.4.2 ...
var command = args.Length > 0 ? args[0] : "run";
var root = Path.GetFullPath(Option("--root") ?? ".irlexec-demo");
var runner = WorkflowRunner.ForDirectory(root);
try
{
    ExecutionResult result;
    switch (command)
    {
        case "run":
            result = await DeployWorkflow.RunAsync(runner, new DeployWorkflow
            {
                Root = root,
                Version = Option("--release-version") ?? "1.0.0",
                Environment = Option("--environment") ?? "staging",
            });
            break;
        case "resume" when args.Length > 1 && !args[1].StartsWith("--", StringComparison.Ordinal):
            var variables = new VariableStore();
            if ((Var("approved_by") ?? Option("--approved-by")) is { } approver) variables.Set("approved_by", approver);
            result = await runner.ResumeAsync(DeployWorkflow.Definition, args[1], variables);
            break;
        default:
            Console.Error.WriteLine("usage: Deploy run [--root DIR] [--release-version V] [--environment E] | resume <execution-id> --approved-by NAME [--root DIR]");
            return 2;
    }
    Console.WriteLine($"execution: {result.ExecutionId}");
    Console.WriteLine($"status:    {StatusTransitions.ToWireName(result.Status)}{(result.Reason is null ? "" : " (" + result.Reason + ")")}");
    if (result.Status == ExecutionStatus.Paused)
    {
        Console.WriteLine($"resume with: dotnet run --project samples/Deploy -- resume {result.ExecutionId} --root {Quote(root)} --var approved_by=<name>");
    }
    return result.Succeeded ? 0 : result.Status == ExecutionStatus.Paused ? 6 : 1;
}
catch (WorkflowException e)
{
    Console.Error.WriteLine("error: " + e.Message);
    return 1;
}

string? Option(string name)
{
    var index = Array.IndexOf(args, name);
    return index >= 0 && index + 1 < args.Length ? args[index + 1] : null;
}

// --var name=value, as irlexec spells a variable (and the pause messages say): the last one given wins.
string? Var(string name)
{
    string? value = null;
    for (var i = 0; i + 1 < args.Length; i++)
    {
        if (args[i] == "--var" && args[i + 1].StartsWith(name + "=", StringComparison.Ordinal)) value = args[i + 1][(name.Length + 1)..];
    }
    return value;
}

// An argument of a printed command, quoted where a shell would split it, so the line works when pasted.
static string Quote(string argument) =>
    argument.Length > 0 && argument.All(c => char.IsAsciiLetterOrDigit(c) || "_-./:=@%+,".Contains(c)) ? argument : "'" + argument.Replace("'", "'\\''") + "'";
