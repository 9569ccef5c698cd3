using IrlExec;
using IrlExec.Hosting;
using IrlExec.Hosting.PostgreSql;
using IrlExec.PostgreSql;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

// A worker of the fleet: a generic host with the IrlExec hosted worker on PostgreSQL (AddIrlExec().UsePostgreSql()).
// Usage: FleetWorker <connection string> <schema> <side-effect log | -> <lease seconds> <max concurrent executions> [step ms]
// ("-": no side-effect log; step ms: how long each step sleeps, default 150: the throughput benchmark runs it with 0.)
// Prints "READY <owner>" once started, "REFUSED <execution id>" when a commit of its was refused (it lost the lease:
// the worker's warning), "ERROR ..." for any error the host logs, and runs until its standard input closes.
// "FleetWorker starve ..." runs the starved-pool mode instead (StarvedLease.cs).
if (args.Length > 0 && args[0] == StarvedLease.Mode) return StarvedLease.Run(args[1..]);
var (connection, schema, sideEffects, leaseSeconds, maxConcurrent) = (args[0], args[1], args[2], double.Parse(args[3], System.Globalization.CultureInfo.InvariantCulture), int.Parse(args[4], System.Globalization.CultureInfo.InvariantCulture));
var stepTime = TimeSpan.FromMilliseconds(args.Length > 5 ? int.Parse(args[5], System.Globalization.CultureInfo.InvariantCulture) : 150);
var output = TextWriter.Synchronized(Console.Out);
var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
builder.Logging.AddProvider(new FleetLogProvider(output));
builder.Services.AddIrlExec(options =>
    {
        options.MaxConcurrentExecutions = maxConcurrent;
        options.PollInterval = TimeSpan.FromMilliseconds(500);
    })
    .AddWorkflow(FleetWorkflow.Create(sideEffects == "-" ? null : sideEffects, stepTime))
    .UsePostgreSql(_ => new PostgreSqlStoreOptions
    {
        ConnectionString = connection,
        Schema = schema,
        LeaseDuration = TimeSpan.FromSeconds(leaseSeconds),
    });
using var host = builder.Build();
await host.StartAsync();
output.WriteLine("READY " + host.Services.GetRequiredService<PostgreSqlExecutionStore>().Options.Owner);
output.Flush();
await Task.Run(() => Console.In.ReadToEnd());
await host.StopAsync();
return 0;

/// <summary>
/// Writes the host's lease-lost warnings (REFUSED) and its errors (ERROR) for the fleet test to read. The executions' own
/// log lines (category: the workflow) are left out: an interrupted step is logged as an error there, and it is expected.
/// </summary>
internal sealed class FleetLogProvider(TextWriter output) : ILoggerProvider
{
    public ILogger CreateLogger(string categoryName) => categoryName.StartsWith("IrlExec.", StringComparison.Ordinal) || categoryName.StartsWith("Microsoft.", StringComparison.Ordinal)
        ? new FleetLogger(output)
        : Microsoft.Extensions.Logging.Abstractions.NullLogger.Instance;

    public void Dispose()
    {
    }

    private sealed class FleetLogger(TextWriter output) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Warning;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            var message = formatter(state, exception).ReplaceLineEndings(" ");
            var values = state as IReadOnlyList<KeyValuePair<string, object?>>;
            var executionId = values?.FirstOrDefault(v => v.Key == "ExecutionId").Value;
            if (eventId.Id == 7 && executionId is not null) output.WriteLine($"REFUSED {executionId} {message}");
            else if (logLevel >= LogLevel.Error) output.WriteLine($"ERROR {message} {exception?.GetType().Name}: {exception?.Message.ReplaceLineEndings(" ")}");
            output.Flush();
        }
    }
}

/// <summary>
/// The fleet test's workflow: three steps, each with a side effect (a line appended to a log) before it sleeps. Step 2 of
/// an execution whose id starts with <c>exec_poison</c> kills its worker after its side effect.
/// </summary>
internal static class FleetWorkflow
{
    public const string Name = "fleet";

    public static WorkflowDefinition Create(string? sideEffectLog, TimeSpan stepTime)
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
        return new WorkflowDefinition(plan, plans.Select(p => StepDefinition.Create(p, () => new EffectStep(sideEffectLog, p.Order, stepTime),
            publishOutputs: (step, outputs) => outputs.Set("done_" + step.Order, step.Result))).ToList());
    }

    private sealed class EffectStep(string? log, int order, TimeSpan stepTime) : IStep
    {
        private static readonly object Gate = new();

        public int Order => order;

        public string Result { get; private set; } = "";

        public async ValueTask ExecuteAsync(StepContext context, CancellationToken cancellationToken)
        {
            // The side effect: one line per run of the step, written before the step's completion can be committed, to
            // this process's own file (.NET appends by seeking to the end, not with O_APPEND: processes sharing one file
            // would overwrite each other's lines).
            if (log is not null)
            {
                var line = $"{context.ExecutionId} {order} {Environment.ProcessId}\n";
                lock (Gate) File.AppendAllText($"{log}.{Environment.ProcessId}", line);
            }
            // A poison step (the poison fleet test): kills its own process (SIGKILL) every time it runs, on any worker.
            if (order == 2 && context.ExecutionId.StartsWith("exec_poison", StringComparison.Ordinal)) System.Diagnostics.Process.GetCurrentProcess().Kill();
            if (stepTime > TimeSpan.Zero) await Task.Delay(stepTime, CancellationToken.None);
            Result = "ok";
        }
    }
}
