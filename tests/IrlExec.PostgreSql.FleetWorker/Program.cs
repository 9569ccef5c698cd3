using IrlExec;
using IrlExec.PostgreSql;

// Usage: FleetWorker <connection string> <schema> <side-effect log> <lease seconds> <max concurrent executions>
// Prints "READY <owner>" once listening, "REFUSED <execution id>" when a commit of its was refused (its lease was lost),
// and runs until its standard input closes.
var (connection, schema, sideEffects, leaseSeconds, maxConcurrent) = (args[0], args[1], args[2], double.Parse(args[3], System.Globalization.CultureInfo.InvariantCulture), int.Parse(args[4], System.Globalization.CultureInfo.InvariantCulture));
await using var store = new PostgreSqlExecutionStore(new PostgreSqlStoreOptions
{
    ConnectionString = connection,
    Schema = schema,
    LeaseDuration = TimeSpan.FromSeconds(leaseSeconds),
});
var output = TextWriter.Synchronized(Console.Out);
var worker = new PostgreSqlWorker(store, [FleetWorkflow.Create(sideEffects)], new PostgreSqlWorkerOptions
{
    MaxConcurrentExecutions = maxConcurrent,
    PollInterval = TimeSpan.FromMilliseconds(500),
    RunEnded = (item, result, error) =>
    {
        if (error is ExecutionLeaseLostException) output.WriteLine($"REFUSED {item.ExecutionId} {error.Message.ReplaceLineEndings(" ")}");
        else if (error is not null) output.WriteLine($"ERROR {item.ExecutionId} {error.GetType().Name}: {error.Message.ReplaceLineEndings(" ")}");
        output.Flush();
    },
});
using var stop = new CancellationTokenSource();
var running = worker.RunAsync(stop.Token);
output.WriteLine("READY " + store.Options.Owner);
output.Flush();
await Task.Run(() => Console.In.ReadToEnd());
await stop.CancelAsync();
await running;

/// <summary>The fleet test's workflow: three steps, each with a side effect (a line appended to a log) before it sleeps.</summary>
internal static class FleetWorkflow
{
    public const string Name = "fleet";

    public static WorkflowDefinition Create(string sideEffectLog)
    {
        var plans = Enumerable.Range(1, 3).Select(order => new StepPlan
        {
            Order = order,
            Name = "effect-" + order,
            Component = "fleet.effect",
            ToolMapping = "Test",
            Inputs = [new StepInputPlan { Name = "n", Reference = "{{n}}" }],
            Outputs = [new StepOutputPlan { Name = "done_" + order }],
        }).ToList();
        var plan = new WorkflowPlan { Name = Name, Goal = "fleet {{n}}", Steps = plans };
        return new WorkflowDefinition(plan, plans.Select(p => StepDefinition.Create(p, () => new EffectStep(sideEffectLog, p.Order),
            publishOutputs: (step, outputs) => outputs.Set("done_" + step.Order, step.Result))).ToList());
    }

    private sealed class EffectStep(string log, int order) : IStep
    {
        private static readonly object Gate = new();

        public int Order => order;

        public string Result { get; private set; } = "";

        public async ValueTask ExecuteAsync(StepContext context, CancellationToken cancellationToken)
        {
            // The side effect: one line per run of the step, written before the step's completion can be committed, to
            // this process's own file (.NET appends by seeking to the end, not with O_APPEND: processes sharing one file
            // would overwrite each other's lines).
            var line = $"{context.ExecutionId} {order} {Environment.ProcessId}\n";
            lock (Gate) File.AppendAllText($"{log}.{Environment.ProcessId}", line);
            await Task.Delay(TimeSpan.FromMilliseconds(150), CancellationToken.None);
            Result = "ok";
        }
    }
}
