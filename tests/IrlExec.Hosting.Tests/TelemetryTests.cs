using System.Diagnostics;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;

namespace IrlExec.Hosting.Tests;

/// <summary>
/// The core package's ActivitySource and Meter named IrlExec, collected by the OpenTelemetry SDK with its in-memory
/// exporter, as a user's AddOpenTelemetry() would. Each test runs a workflow of its own name and reads only its spans.
/// </summary>
public sealed class TelemetryTests
{
    private static WorkflowDefinition TwoSteps(string name, Action<StepContext>? second = null, int maxAttempts = 1)
    {
        var first = new StepPlan { Order = 1, Name = "fetch" };
        var secondPlan = new StepPlan { Order = 2, Name = "store", MaxAttempts = maxAttempts };
        return new WorkflowDefinition(new WorkflowPlan { Name = name, Steps = [first, secondPlan] },
        [
            StepDefinition.Create(first, () => new ActionStep(c => c.ReportCost(0.25m))),
            StepDefinition.Create(secondPlan, () => new ActionStep(second ?? (_ => { }))),
        ]);
    }

    private sealed class ActionStep(Action<StepContext> body) : IStep
    {
        public ValueTask ExecuteAsync(StepContext context, CancellationToken cancellationToken)
        {
            body(context);
            return ValueTask.CompletedTask;
        }
    }

    private static TracerProvider Tracing(List<Activity> spans) =>
        Sdk.CreateTracerProviderBuilder().AddSource(IrlExecDiagnostics.Name).AddInMemoryExporter(spans).Build()!;

    private static List<Activity> Of(List<Activity> spans, string workflow)
    {
        lock (spans) return spans.Where(s => (string?)s.GetTagItem("irlexec.workflow") == workflow).ToList();
    }

    [Fact]
    public async Task A_run_has_a_span_with_a_child_span_per_step_attempt()
    {
        var spans = new List<Activity>();
        using (Tracing(spans))
        {
            await new WorkflowRunner(new InMemoryExecutionStore()).RunAsync(TwoSteps("otel-tree"));
        }

        var mine = Of(spans, "otel-tree");
        var run = Assert.Single(mine, s => s.OperationName == "irlexec.run");
        var steps = mine.Where(s => s.OperationName == "irlexec.step").OrderBy(s => (int)s.GetTagItem("irlexec.step")!).ToList();
        Assert.Equal(2, steps.Count);
        Assert.All(steps, s => Assert.Equal(run.SpanId, s.ParentSpanId));
        Assert.All(steps, s => Assert.Equal(run.TraceId, s.TraceId));
        Assert.Equal("run otel-tree", run.DisplayName);
        Assert.Equal("COMPLETED_SUCCESS", run.GetTagItem("irlexec.status"));
        Assert.Equal(ActivityStatusCode.Ok, run.Status);
        Assert.Equal("step 1 fetch", steps[0].DisplayName);
        Assert.Equal("fetch", steps[0].GetTagItem("irlexec.step.name"));
        Assert.Equal(1, steps[0].GetTagItem("irlexec.attempt"));
        Assert.Equal("EXECUTION", steps[0].GetTagItem("irlexec.mode"));
        Assert.Equal(0.25, steps[0].GetTagItem("irlexec.cost"));
        Assert.Equal(run.GetTagItem("irlexec.execution_id"), steps[0].GetTagItem("irlexec.execution_id"));
        Assert.Equal("completed", steps[1].GetTagItem("irlexec.outcome"));
    }

    [Fact]
    public async Task A_failed_attempt_and_a_failed_execution_have_the_error_status()
    {
        var spans = new List<Activity>();
        using (Tracing(spans))
        {
            await new WorkflowRunner(new InMemoryExecutionStore()).RunAsync(TwoSteps("otel-error", _ => throw new IOException("disk full")),
                options: new RunOptions { OnStepFailure = StepFailurePolicy.FailExecution });
        }

        var mine = Of(spans, "otel-error");
        var failed = Assert.Single(mine, s => s.OperationName == "irlexec.step" && (string?)s.GetTagItem("irlexec.step.name") == "store");
        Assert.Equal(ActivityStatusCode.Error, failed.Status);
        Assert.Equal("IOException: disk full", failed.StatusDescription);
        Assert.Equal("failed", failed.GetTagItem("irlexec.outcome"));
        var run = Assert.Single(mine, s => s.OperationName == "irlexec.run");
        Assert.Equal(ActivityStatusCode.Error, run.Status);
        Assert.Equal("COMPLETED_FAILURE", run.GetTagItem("irlexec.status"));
    }

    [Fact]
    public async Task A_resumed_run_links_to_the_trace_that_created_the_execution()
    {
        var spans = new List<Activity>();
        var store = new InMemoryExecutionStore();
        var workflow = TwoSteps("otel-resume", c => { if (!c.Variables.Contains("go")) c.Pause("hold"); });
        string id;
        using (Tracing(spans))
        {
            id = (await new WorkflowRunner(store).RunAsync(workflow)).ExecutionId;
        }
        var go = new VariableStore();
        go.Set("go", "yes");
        using (Tracing(spans))
        {
            await new WorkflowRunner(store).ResumeAsync(workflow, id, go);
        }

        var runs = Of(spans, "otel-resume").Where(s => s.OperationName == "irlexec.run").ToList();
        var created = Assert.Single(runs, s => (string?)s.GetTagItem("irlexec.run") == "run");
        var resumed = Assert.Single(runs, s => (string?)s.GetTagItem("irlexec.run") == "resume");
        Assert.NotEqual(created.TraceId, resumed.TraceId);
        var link = Assert.Single(resumed.Links);
        Assert.Equal(created.TraceId, link.Context.TraceId);
        Assert.Equal(created.SpanId, link.Context.SpanId);
        var history = await store.ReadAsync(id, default);
        Assert.Equal(created.Id, history![0].TraceParent);
        var paused = Assert.Single(Of(spans, "otel-resume"), s => (string?)s.GetTagItem("irlexec.outcome") == "paused");
        Assert.Equal("hold", paused.GetTagItem("irlexec.pause_reason"));
        Assert.Equal(ActivityStatusCode.Unset, paused.Status);
    }

    [Fact]
    public async Task A_run_inside_a_callers_span_is_its_child()
    {
        var spans = new List<Activity>();
        using var source = new ActivitySource("otel-caller-test");
        using var provider = Sdk.CreateTracerProviderBuilder().AddSource(IrlExecDiagnostics.Name, "otel-caller-test").AddInMemoryExporter(spans).Build()!;
        using (var request = source.StartActivity("POST /incidents"))
        {
            await new WorkflowRunner(new InMemoryExecutionStore()).RunAsync(TwoSteps("otel-parent"));
            provider.ForceFlush();
            var run = Assert.Single(Of(spans, "otel-parent"), s => s.OperationName == "irlexec.run");
            Assert.Equal(request!.SpanId, run.ParentSpanId);
        }
    }

    [Fact]
    public async Task Metrics_count_steps_cost_duration_and_retries()
    {
        var exported = new List<Metric>();
        List<Metric> metrics;
        using (var provider = Sdk.CreateMeterProviderBuilder().AddMeter(IrlExecDiagnostics.Name).AddInMemoryExporter(exported).Build()!)
        {
            var calls = 0;
            await new WorkflowRunner(new InMemoryExecutionStore()).RunAsync(TwoSteps("otel-metrics", _ => { if (++calls == 1) throw new IOException("flaky"); }, maxAttempts: 2));
            provider.ForceFlush();
            metrics = [.. exported]; // one export (cumulative); disposing the provider exports once more
            Assert.Equal(2, Sum(metrics, "irlexec.steps.completed", "otel-metrics"));
            Assert.Equal(1, Sum(metrics, "irlexec.steps.failed", "otel-metrics"));
            Assert.Equal(1, Sum(metrics, "irlexec.steps.retried", "otel-metrics"));
            Assert.Equal(0.25, Sum(metrics, "irlexec.cost", "otel-metrics"));
            Assert.Equal(3, Count(metrics, "irlexec.step.duration", "otel-metrics"));
            Assert.Equal(0, Sum(metrics, "irlexec.executions.active", "otel-metrics")); // +1 at the start, -1 at the end
            Assert.Contains(metrics, m => m.Name == "irlexec.executions.active");
        }
    }

    private static List<MetricPoint> Points(List<Metric> metrics, string name, string workflow)
    {
        var points = new List<MetricPoint>();
        foreach (var metric in metrics.Where(m => m.Name == name))
        {
            foreach (ref readonly var point in metric.GetMetricPoints())
            {
                foreach (var tag in point.Tags)
                {
                    if (tag.Key == "irlexec.workflow" && (string?)tag.Value == workflow) points.Add(point);
                }
            }
        }
        return points;
    }

    private static double Sum(List<Metric> metrics, string name, string workflow) =>
        Points(metrics, name, workflow).Sum(p => metrics.First(m => m.Name == name).MetricType switch
        {
            MetricType.LongSum or MetricType.LongSumNonMonotonic => p.GetSumLong(),
            _ => p.GetSumDouble(),
        });

    private static long Count(List<Metric> metrics, string name, string workflow) => Points(metrics, name, workflow).Sum(p => p.GetHistogramCount());
}
