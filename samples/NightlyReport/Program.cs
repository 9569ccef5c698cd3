using IrlExec;
using NightlyReport;

// nightly-report: a workflow declared only with attributes; RunAsync/SimulateAsync/ResumeAsync are generated.
//   run      --root DIR --data DIR --day YYYY-MM-DD [--approve]   start an execution (EXECUTION mode)
//   simulate --root DIR --data DIR --day YYYY-MM-DD               dry run: nothing is written outside --root
//   resume   <execution-id> --root DIR [--approve]                continue a paused execution (--var approved=true: the same)
var command = args.Length > 0 ? args[0] : "";
var root = Option("--root") ?? ".irlexec-nightly";
var runner = WorkflowRunner.ForDirectory(root);
NightlyReportWorkflow Variables() => new()
{
    DataDir = Option("--data") ?? "data",
    Day = Option("--day") ?? DateTime.UtcNow.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture),
    Approved = Approves(),
};

try
{
    var result = command switch
    {
        "run" => await NightlyReportWorkflow.RunAsync(runner, Variables()),
        "simulate" => await NightlyReportWorkflow.SimulateAsync(runner, Variables()),
        "resume" when args.Length > 1 => await NightlyReportWorkflow.ResumeAsync(runner, args[1], Approves() ? await ApprovedVariablesAsync(args[1]) : null),
        _ => null,
    };
    if (result is null)
    {
        Console.Error.WriteLine("usage: NightlyReport run|simulate --root DIR --data DIR --day YYYY-MM-DD [--approve] | resume <execution-id> --root DIR [--approve]");
        return 2;
    }
    Console.WriteLine($"execution: {result.ExecutionId}");
    Console.WriteLine($"status: {StatusTransitions.ToWireName(result.Status)}{(result.Reason is null ? "" : " (" + result.Reason + ")")}");
    Console.WriteLine($"mode: {result.Mode.ToWireName()}");
    Console.WriteLine($"plan: {NightlyReportWorkflow.Plan.Name} v{NightlyReportWorkflow.Plan.Version} {NightlyReportWorkflow.Plan.Fingerprint}");
    return result.Succeeded || result.Status == ExecutionStatus.Paused ? 0 : 1;
}
catch (WorkflowException e)
{
    Console.Error.WriteLine("error: " + e.Message);
    return 1;
}

// Resuming with approval: the recorded variables, with approved = true.
async Task<NightlyReportWorkflow> ApprovedVariablesAsync(string executionId)
{
    var state = await runner.GetStateAsync(executionId) ?? throw new UnknownExecutionException(executionId, root);
    string Recorded(string name) => System.Text.Json.JsonSerializer.Deserialize(state.Variables.Single(v => v.Name == name).Json, JsonTypes.String)!;
    return new NightlyReportWorkflow { DataDir = Recorded("data_dir"), Day = Recorded("day"), Approved = true };
}

// --approve, or --var approved=true as irlexec spells it (and the pause message says).
bool Approves() => args.Contains("--approve") || Var("approved") == "true";

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
