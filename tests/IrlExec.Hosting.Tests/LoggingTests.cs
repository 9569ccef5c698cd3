using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;
using static IrlExec.Hosting.Tests.Workflows;

namespace IrlExec.Hosting.Tests;

/// <summary>Execution log lines reach ILogger as structured events (asserted with FakeLogger).</summary>
public sealed class LoggingTests : IDisposable
{
    private readonly TempRoot _root = new();

    public void Dispose() => _root.Dispose();

    private async Task<(string Id, IReadOnlyList<FakeLogRecord> Records)> RunAsync(string name, WorkflowDefinition workflow, LogLevel minimum = LogLevel.Debug)
    {
        var collector = new FakeLogCollector();
        using var host = await TestHost.StartAsync(_root.Path, b => b.AddWorkflow(workflow), logging: l =>
        {
            l.SetMinimumLevel(minimum);
            l.AddProvider(new FakeLoggerProvider(collector));
        });
        var id = await host.Client().StartAsync(name);
        await host.Client().WaitAsync(id, s => StatusTransitions.IsTerminal(s.Status) || s.Status == ExecutionStatus.Paused);
        await host.StopAsync();
        return (id, collector.GetSnapshot().Where(r => r.Category == name).ToList());
    }

    [Fact]
    public async Task A_steps_log_line_is_an_ilogger_event_in_the_workflows_category_with_its_properties()
    {
        var (id, records) = await RunAsync("logged", Of("logged", Step("analyze", c => c.Log(ExecutionLogLevel.Warn, "Analyzing incident 42"))));

        var line = Assert.Single(records, r => r.Message == "Analyzing incident 42");
        Assert.Equal(LogLevel.Warning, line.Level);
        Assert.Equal(id, line.GetStructuredStateValue("ExecutionId"));
        Assert.Equal("logged", line.GetStructuredStateValue("Workflow"));
        Assert.Equal("analyze", line.GetStructuredStateValue("Step"));
        Assert.Equal("1", line.GetStructuredStateValue("Attempt"));
        Assert.Equal("EXECUTION", line.GetStructuredStateValue("Mode"));
        var scope = Assert.IsAssignableFrom<IEnumerable<KeyValuePair<string, object?>>>(Assert.Single(line.Scopes));
        Assert.Contains(new KeyValuePair<string, object?>("ExecutionId", id), scope);
    }

    [Fact]
    public async Task Step_starts_completions_and_status_changes_are_forwarded_with_their_levels()
    {
        var (_, records) = await RunAsync("lifecycle", Of("lifecycle", Step("a"), Step("b", _ => throw new IOException("disk full"))));

        Assert.Contains(records, r => r.Level == LogLevel.Information && r.Message.StartsWith("Step 1 completed", StringComparison.Ordinal));
        Assert.Contains(records, r => r.Level == LogLevel.Error && r.Message == "Step 2 failed (attempt 1): IOException: disk full");
        Assert.Contains(records, r => r.Level == LogLevel.Warning && r.Message.Contains("IN_PROGRESS → PAUSED", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_secret_is_masked_in_the_forwarded_event_as_in_the_file()
    {
        var workflow = Of("secretive", Step("call", c => c.Log("calling with api_key=sk-live-1234567890abcdef")));

        var (_, records) = await RunAsync("secretive", workflow);

        var line = Assert.Single(records, r => r.Message.StartsWith("calling with", StringComparison.Ordinal));
        Assert.DoesNotContain("1234567890abcdef", line.Message, StringComparison.Ordinal);
        Assert.Contains("***", line.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Nothing_is_forwarded_below_the_minimum_level()
    {
        var (_, records) = await RunAsync("quiet", Of("quiet", Step("a", c => { c.Log(ExecutionLogLevel.Debug, "detail"); c.Log(ExecutionLogLevel.Error, "bad"); })), LogLevel.Error);

        Assert.Equal(["bad"], records.Select(r => r.Message));
    }
}
