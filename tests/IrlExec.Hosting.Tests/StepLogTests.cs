using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;

namespace IrlExec.Hosting.Tests;

/// <summary>
/// Generated log methods ([StepLog]) at run time: the seed-format line in the execution log, secrets masked, the
/// structured ILogger event with the placeholders' values, and nothing formatted when the level is off.
/// </summary>
[Collection(nameof(StepLogTests))] // the workflow's format counter is shared: these tests run one at a time
public sealed class StepLogTests : IDisposable
{
    private const string Secret = "tok-4f1c9e7a2b";
    private readonly TempRoot _root = new();

    public StepLogTests() => StepLogWorkflow.Formats.Reset();

    public void Dispose() => _root.Dispose();

    private static StepLogWorkflow Variables() => new() { IncidentId = "INC-7", Token = Secret };

    private async Task<(ExecutionResult Result, string[] Lines)> RunByHandAsync(RunOptions? options = null)
    {
        var runner = WorkflowRunner.ForDirectory(_root.Path);
        var result = await StepLogWorkflow.RunAsync(runner, Variables(), options);
        var log = Assert.Single(Directory.GetFiles(Path.Combine(_root.Path, "execution", "logs"), "incident-log-*.log"));
        return (result, await File.ReadAllLinesAsync(log));
    }

    [Fact]
    public async Task A_generated_log_method_writes_a_seed_format_line_with_the_formatted_values()
    {
        var (result, lines) = await RunByHandAsync();

        Assert.True(result.Succeeded, result.Reason);
        Assert.Contains(lines, l => System.Text.RegularExpressions.Regex.IsMatch(l,
            @"^\[\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z\] \[INFO\] \[incident-log\] \[analyze\] Analyzing incident INC-7 \(3 files\)$"));
        Assert.Contains(lines, l => l.EndsWith("[WARN] [incident-log] [analyze] Cost 12.50 for   4 retries", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.EndsWith("[DEBUG] [incident-log] [analyze] Detail 5", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_secret_passed_to_a_generated_log_method_is_masked_in_the_file()
    {
        var (_, lines) = await RunByHandAsync();

        Assert.Contains(lines, l => l.EndsWith("[INFO] [incident-log] [analyze] Calling with Bearer ***", StringComparison.Ordinal));
        Assert.DoesNotContain(lines, l => l.Contains(Secret, StringComparison.Ordinal));
        // The history (which keeps the named values too) does not hold it either.
        foreach (var file in Directory.GetFiles(Path.Combine(_root.Path, "execution"), "*", SearchOption.AllDirectories))
        {
            if (file.EndsWith(".gz", StringComparison.Ordinal)) continue;
            Assert.DoesNotContain(Secret, await File.ReadAllTextAsync(file), StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task A_level_that_is_off_formats_nothing_and_writes_nothing()
    {
        // Debug off: the Debug method must not format its value; the Info and Warn ones format theirs once each.
        var (_, lines) = await RunByHandAsync(new RunOptions { MinimumLogLevel = ExecutionLogLevel.Info });

        Assert.DoesNotContain(lines, l => l.Contains("Detail", StringComparison.Ordinal));
        Assert.Equal(2, StepLogWorkflow.Formats.Calls);
    }

    [Fact]
    public async Task Every_level_on_formats_each_value_once()
    {
        await RunByHandAsync();

        Assert.Equal(3, StepLogWorkflow.Formats.Calls);
    }

    [Fact]
    public async Task All_levels_off_format_nothing()
    {
        var (_, lines) = await RunByHandAsync(new RunOptions { MinimumLogLevel = ExecutionLogLevel.Error });

        Assert.Equal(0, StepLogWorkflow.Formats.Calls);
        Assert.DoesNotContain(lines, l => l.Contains("[analyze] Analyzing", StringComparison.Ordinal) || l.Contains("[analyze] Cost", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_generated_log_line_is_an_ilogger_event_with_the_placeholders_as_properties()
    {
        var collector = new FakeLogCollector();
        using var host = await TestHost.StartAsync(_root.Path, b => b.AddWorkflows(typeof(StepLogWorkflow).Assembly), logging: l =>
        {
            l.SetMinimumLevel(LogLevel.Debug);
            l.AddProvider(new FakeLoggerProvider(collector));
        });
        var id = await host.Client().StartAsync(Variables());
        await host.Client().WaitAsync(id, s => StatusTransitions.IsTerminal(s.Status));
        await host.StopAsync();
        var records = collector.GetSnapshot().Where(r => r.Category == "incident-log").ToList();

        var analyzing = Assert.Single(records, r => r.Message == "Analyzing incident INC-7 (3 files)");
        Assert.Equal(LogLevel.Information, analyzing.Level);
        Assert.Equal("INC-7", analyzing.GetStructuredStateValue("IncidentId"));
        Assert.Equal("3", analyzing.GetStructuredStateValue("Count"));
        Assert.Equal("Analyzing incident {IncidentId} ({Count} files)", analyzing.GetStructuredStateValue("{OriginalFormat}"));
        Assert.Equal(id, analyzing.GetStructuredStateValue("ExecutionId"));
        Assert.Equal("analyze", analyzing.GetStructuredStateValue("Step"));

        var cost = Assert.Single(records, r => r.Message == "Cost 12.50 for   4 retries");
        Assert.Equal(LogLevel.Warning, cost.Level);
        Assert.Equal("12.50", cost.GetStructuredStateValue("Amount"));
        Assert.Equal("  4", cost.GetStructuredStateValue("Retries"));

        var calling = Assert.Single(records, r => r.Message.StartsWith("Calling with", StringComparison.Ordinal));
        Assert.Equal("Calling with Bearer ***", calling.Message);
        Assert.Equal("Bearer ***", calling.GetStructuredStateValue("Header"));
        Assert.DoesNotContain(records, r => r.Message.Contains(Secret, StringComparison.Ordinal) ||
            r.StructuredState!.Any(p => p.Value?.Contains(Secret, StringComparison.Ordinal) == true));
    }

    [Fact]
    public async Task A_log_method_below_the_hosts_minimum_level_formats_nothing()
    {
        var collector = new FakeLogCollector();
        using var host = await TestHost.StartAsync(_root.Path, b => b.AddWorkflows(typeof(StepLogWorkflow).Assembly), logging: l =>
        {
            l.SetMinimumLevel(LogLevel.Debug);
            l.AddProvider(new FakeLoggerProvider(collector));
        }, configure: o => o.RunOptions = new RunOptions { MinimumLogLevel = ExecutionLogLevel.Warn });
        var id = await host.Client().StartAsync(Variables());
        await host.Client().WaitAsync(id, s => StatusTransitions.IsTerminal(s.Status));
        await host.StopAsync();

        var records = collector.GetSnapshot().Where(r => r.Category == "incident-log").ToList();
        Assert.Contains(records, r => r.Message == "Cost 12.50 for   4 retries");
        Assert.DoesNotContain(records, r => r.Message.StartsWith("Analyzing", StringComparison.Ordinal) || r.Message.StartsWith("Detail", StringComparison.Ordinal));
        Assert.Equal(1, StepLogWorkflow.Formats.Calls);
    }
}
