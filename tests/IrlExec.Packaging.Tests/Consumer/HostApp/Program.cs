using IrlExec;
using WorkflowLibrary;

// Prints facts the packaging test checks, one "key: value" per line.
var root = args[0];
Environment.SetEnvironmentVariable("GREETING_ROOT", root);

// The probe below is a [Workflow] class: had the generator run on this project, it would have registered a catalog.
Console.WriteLine("host-catalog: " + WorkflowCatalog.FromAssembly(typeof(Probe).Assembly).Count);
var discovered = WorkflowCatalog.FromAssembly(typeof(GreetingReport).Assembly);
Console.WriteLine("library-catalog: " + string.Join(",", discovered.Select(w => w.Name)));
Console.WriteLine("plan-steps: " + string.Join(",", GreetingReport.Plan.Steps.Select(s => s.Name)));
Console.WriteLine("fingerprint: " + GreetingReport.Plan.Fingerprint);

var runner = WorkflowRunner.ForDirectory(root);
var simulated = await GreetingReport.SimulateAsync(runner, new GreetingReport { Audience = "ops", ApiKey = "k-123" });
Console.WriteLine($"simulate: {StatusTransitions.ToWireName(simulated.Status)} {simulated.Mode.ToWireName()}");

var run = await GreetingReport.RunAsync(runner, new GreetingReport { Audience = "ops", ApiKey = "k-123" });
Console.WriteLine($"run: {StatusTransitions.ToWireName(run.Status)} {run.ExecutionId}");

// A host that knows no workflow type: the definition comes from the library's catalog.
var variables = new VariableStore();
variables.Set("audience", "qa");
variables.Set("api_key", "k-456", isSecret: true);
var hosted = await runner.RunAsync(discovered.Single(), variables);
Console.WriteLine($"catalog-run: {StatusTransitions.ToWireName(hosted.Status)}");
return run.Succeeded && hosted.Succeeded && simulated.Succeeded ? 0 : 1;

[Workflow("probe")]
public partial class Probe
{
    [Step(1)]
    public sealed class Only : IStep
    {
        public ValueTask ExecuteAsync(StepContext context, CancellationToken cancellationToken) => ValueTask.CompletedTask;
    }
}
