using System.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;

namespace IrlExec.Hosting.Tests;

/// <summary>
/// docs/hosting.md's OpenTelemetry example, as a user writes it in a host with AddIrlExec: the two lines
/// (<c>AddSource("IrlExec")</c>, <c>AddMeter("IrlExec")</c>) are all it takes; the in-memory exporters stand for the
/// user's own (OTLP, console).
/// </summary>
public sealed class OpenTelemetryDocTests
{
    [Fact]
    public async Task The_two_lines_of_the_docs_bring_the_worker_s_spans_and_metrics_to_OpenTelemetry()
    {
        using var root = new TempRoot();
        var spans = new List<Activity>();
        var metrics = new List<Metric>();
        var builder = Host.CreateApplicationBuilder();
        builder.Services.AddIrlExec(o => o.Root = root.Path).AddWorkflow(Workflows.Of("otel-doc", Workflows.Step("fetch"), Workflows.Step("store")));
        // The docs' two lines, each with an exporter:
        builder.Services.AddOpenTelemetry()
            .WithTracing(tracing => tracing.AddSource("IrlExec").AddInMemoryExporter(spans))
            .WithMetrics(meters => meters.AddMeter("IrlExec").AddInMemoryExporter(metrics));
        using var host = builder.Build();
        await host.StartAsync();

        var id = await host.Client().StartAsync("otel-doc");
        var state = await host.Client().WaitAsync(id);
        host.Services.GetRequiredService<MeterProvider>().ForceFlush();
        host.Services.GetRequiredService<TracerProvider>().ForceFlush();
        await host.StopAsync();

        Assert.Equal(ExecutionStatus.CompletedSuccess, state.Status);
        List<Activity> mine;
        lock (spans) mine = spans.Where(s => (string?)s.GetTagItem("irlexec.execution_id") == id).ToList();
        var run = Assert.Single(mine, s => s.OperationName == "irlexec.run");
        Assert.Equal(2, mine.Count(s => s.OperationName == "irlexec.step" && s.ParentSpanId == run.SpanId));
        var completed = metrics.Last(m => m.Name == "irlexec.steps.completed"); // the flush's export (cumulative)
        long total = 0;
        foreach (ref readonly var point in completed.GetMetricPoints())
        {
            foreach (var tag in point.Tags)
            {
                if (tag.Key == "irlexec.workflow" && (string?)tag.Value == "otel-doc") total += point.GetSumLong();
            }
        }
        Assert.Equal(2, total);
    }
}
