using System.Globalization;
using IrlExec;
using IrlExec.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

// Usage: IrlExec.Hosting.WorkerHost <root> <side-effect log> <executions to start> [poison | -] [step ms]
// Starts a host with the IrlExec worker on <root>, starts that many executions of "slow" through IWorkflowClient (prints
// "STARTED <id>" for each), prints "READY", and runs until its standard input closes (a graceful stop) or it is killed.
// "poison": the executions it starts have the variable "poison", and their step 2 kills its own process (SIGKILL) after
// its side effect, every time it runs, in whichever host runs it. "step ms": how long each step works after its side
// effect (default 400).
var (root, sideEffects, toStart) = (args[0], args[1], int.Parse(args[2], CultureInfo.InvariantCulture));
var poison = args.Length > 3 && args[3] == "poison";
var stepTime = TimeSpan.FromMilliseconds(args.Length > 4 ? int.Parse(args[4], CultureInfo.InvariantCulture) : 400);
var builder = Host.CreateApplicationBuilder();
builder.Logging.ClearProviders();
builder.Services.AddIrlExec(options =>
    {
        options.Root = root;
        options.PollInterval = TimeSpan.FromMilliseconds(200);
        options.MaxConcurrentExecutions = 8;
    })
    .AddWorkflow(SlowWorkflow.Create(sideEffects, stepTime));
using var host = builder.Build();
await host.StartAsync();
var output = TextWriter.Synchronized(Console.Out);
var client = host.Services.GetRequiredService<IWorkflowClient>();
for (var i = 0; i < toStart; i++)
{
    var variables = new VariableStore();
    variables.Set("n", i, JsonTypes.Int32);
    if (poison) variables.Set("poison", "yes");
    output.WriteLine("STARTED " + await client.StartAsync(SlowWorkflow.Name, variables));
}
output.WriteLine("READY");
output.Flush();
await Task.Run(() => Console.In.ReadToEnd());
await host.StopAsync();

/// <summary>The crash test's workflow: three steps, each appends its side effect (one line) and then works for a while.</summary>
internal static class SlowWorkflow
{
    public const string Name = "slow";

    public static WorkflowDefinition Create(string sideEffectLog, TimeSpan stepTime)
    {
        var plans = Enumerable.Range(1, 3).Select(order => new StepPlan
        {
            Order = order,
            Name = "effect-" + order,
            Component = "slow.effect",
            ToolMapping = "Test",
            Inputs = [new StepInputPlan { Name = "n", Reference = "{{n}}" }],
            Outputs = [new StepOutputPlan { Name = "done_" + order }],
        }).ToList();
        var plan = new WorkflowPlan { Name = Name, Goal = "slow {{n}}", Steps = plans };
        return new WorkflowDefinition(plan, plans.Select(p => StepDefinition.Create(p, () => new EffectStep(sideEffectLog, p.Order, stepTime),
            publishOutputs: (step, outputs) => outputs.Set("done_" + step.Order, step.Result))).ToList());
    }

    private sealed class EffectStep(string log, int order, TimeSpan stepTime) : IStep
    {
        private static readonly object Gate = new();

        public int Order => order;

        public string Result { get; private set; } = "";

        public async ValueTask ExecuteAsync(StepContext context, CancellationToken cancellationToken)
        {
            // The side effect: one line per run of the step, to this process's own file (appends from two processes to one
            // file could overwrite each other's lines).
            lock (Gate) File.AppendAllText($"{log}.{Environment.ProcessId}", $"{context.ExecutionId} {order}\n");
            if (order == 2 && context.Variables.Contains("poison")) System.Diagnostics.Process.GetCurrentProcess().Kill(); // SIGKILL
            await Task.Delay(stepTime, cancellationToken);
            Result = "ok";
        }
    }
}
