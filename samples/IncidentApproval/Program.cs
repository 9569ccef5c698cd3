using System.Globalization;
using IncidentApproval;
using IncidentApproval.Drift;
using IrlExec;

// incident-approval: the seed's workflow, run end to end on the example incidents this sample ships.
//   run      [--root DIR] [--integration NAME] [--daily-cap N]   approve / flag / reject the quarantined incidents
//                                                                (--var daily_cap=N, as irlexec spells it, works too)
//   simulate [--root DIR] [--integration NAME]                   SIMULATION: the plan, estimates and counts; no file moves
//   resume   <execution-id> [--root DIR] [--daily-cap N]         continue after the daily cap paused it
var command = args.Length > 0 && !args[0].StartsWith("--", StringComparison.Ordinal) ? args[0] : "run";
var root = Path.GetFullPath(Option("--root") ?? ".irlexec-demo");
var integration = Option("--integration") ?? "finance_integration";
var capText = Var("daily_cap") ?? Option("--daily-cap");
var cap = capText is not null ? int.Parse(capText, CultureInfo.InvariantCulture) : IncidentApprovalWorkflow.DefaultDailyCap;

try
{
    ConfinedPath.Under(root, "quarantine/" + integration); // the integration names a folder: it must stay in the root
}
catch (PathOutsideRootException e)
{
    Console.Error.WriteLine("error: --integration: " + e.Message);
    return 2;
}
Directory.CreateDirectory(root);
if (command != "resume" && ExampleIncidents.SeedQuarantine(root))
{
    Console.WriteLine($"Copied the example incidents to {Path.Combine(root, "quarantine")}");
}
if (command != "resume" && Quarantine.Pending(ConfinedPath.Under(root, "quarantine/" + integration)).Count == 0)
{
    Console.WriteLine($"No incidents of {integration} wait in {Path.Combine(root, "quarantine")}: all are decided. Delete {root} to start over with the examples.");
}
var runner = WorkflowRunner.ForDirectory(root);
var workflow = new IncidentApprovalWorkflow { Root = root, Integration = integration, DailyCap = cap };
try
{
    ExecutionResult result;
    switch (command)
    {
        case "run":
            result = await IncidentApprovalWorkflow.RunAsync(runner, workflow, new RunOptions { Actor = "agent-auto-approver" });
            break;
        case "simulate":
            result = await IncidentApprovalWorkflow.SimulateAsync(runner, workflow);
            break;
        case "resume" when args.Length > 1 && !args[1].StartsWith("--", StringComparison.Ordinal):
            var overrides = new VariableStore();
            if (capText is not null) overrides.Set("daily_cap", cap, JsonTypes.Int32);
            result = await runner.ResumeAsync(IncidentApprovalWorkflow.Definition, args[1], overrides);
            break;
        default:
            Console.Error.WriteLine("usage: IncidentApproval [run|simulate] [--root DIR] [--integration NAME] [--daily-cap N] | resume <execution-id> [--root DIR] [--daily-cap N | --var daily_cap=N]");
            return 2;
    }
    Print(result);
    return result.Succeeded ? 0 : result.Status == ExecutionStatus.Paused ? 6 : 1;
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
    Console.WriteLine();
    Console.WriteLine($"execution:       {result.ExecutionId}");
    Console.WriteLine($"status:          {StatusTransitions.ToWireName(result.Status)}{(result.Reason is null ? "" : " (" + result.Reason + ")")}");
    Console.WriteLine($"mode:            {result.Mode.ToWireName()}");
    var counts = state.Variables.Where(v => v.Name is "approved" or "rejected" or "flagged").Select(v => $"{v.Json} {v.Name}");
    Console.WriteLine($"incidents:       {string.Join(", ", counts.DefaultIfEmpty("not decided yet"))}");
    Console.WriteLine($"cost:            ${result.Metrics.ActualCost:0.00} actual / ${result.Metrics.EstimatedCost:0.00} estimated");
    Console.WriteLine($"execution_state: {layout.WorkspaceStateFile}");
    Console.WriteLine($"copy:            {layout.MarkdownFile(state.ExecutionId)}");
    Console.WriteLine($"log:             {layout.LogFile(state.RunLabel)}");
    Console.WriteLine($"audit log:       {Quarantine.AuditLog(root, DateTimeOffset.UtcNow)}");
    Console.WriteLine($"snapshot:        {layout.SnapshotFile(state.ExecutionId)}");
    if (state.Variables.FirstOrDefault(v => v.Name == "summary_file") is { } summary && result.Mode == ExecutionMode.Execution) Console.WriteLine($"summary:         {summary.Json.Trim('"')}");
    if (StatusTransitions.IsTerminal(state.Status)) Console.WriteLine($"result:          {layout.ResultFile(state.Workflow, state.RunLabel)}");
    Console.WriteLine($"released:        {Path.Combine(root, "released", integration)}");
    if (result.Status == ExecutionStatus.Paused)
    {
        Console.WriteLine($"resume with:     dotnet run --project samples/IncidentApproval -- resume {result.ExecutionId} --root {Quote(root)} --var daily_cap=<N>");
        Console.WriteLine($"or approve:      irlexec signal {result.ExecutionId} {IncidentApprovalWorkflow.ApprovalSignal} --value '{{\"approved_by\": \"<you>\"}}' --root {Quote(root)}");
        Console.WriteLine($"and then:        dotnet run --project samples/IncidentApproval -- resume {result.ExecutionId} --root {Quote(root)}");
    }
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
