using System.Diagnostics;
using System.Text.Json;
using IrlExec.Dashboard.Tests.Support;
using Xunit.Abstractions;

namespace IrlExec.Dashboard.Tests;

/// <summary>The server-sent events that tell open pages an execution changed.</summary>
public sealed class EventStreamTests(ITestOutputHelper output)
{
    [Fact]
    public async Task A_commit_under_the_root_reaches_an_open_stream()
    {
        var host = await DashboardHost.StartAsync();
        await using var _ = host;
        await using var events = await EventStreamReader.OpenAsync(host.Client, host.Url("/events"));
        Assert.Equal("text/event-stream", events.ContentType);

        var result = await host.Runner().RunAsync(ReviewWorkflow.Create(), ReviewWorkflow.Variables());
        var committed = Stopwatch.StartNew(); // the PAUSED record was committed before RunAsync returned
        var data = await events.WaitForAsync("change", "\"status\":\"PAUSED\"", TimeSpan.FromSeconds(60));
        output.WriteLine($"PAUSED reached the stream {committed.ElapsedMilliseconds} ms after the run returned");

        Assert.NotNull(data);
        using var json = JsonDocument.Parse(data!);
        Assert.Equal(result.ExecutionId, json.RootElement.GetProperty("id").GetString());
        Assert.Equal(ReviewWorkflow.Name, json.RootElement.GetProperty("workflow").GetString());
        Assert.True(json.RootElement.GetProperty("sequence").GetInt64() > 1);
        // An event names the execution, never a value from it.
        Assert.Equal(["id", "workflow", "status", "sequence"], json.RootElement.EnumerateObject().Select(p => p.Name).ToArray());
    }

    [Fact]
    public async Task A_commit_in_a_store_that_only_answers_reads_reaches_an_open_stream()
    {
        var store = new InMemoryExecutionStore();
        var host = await DashboardHost.StartAsync(o => o.Store = store);
        await using var _ = host;
        await using var events = await EventStreamReader.OpenAsync(host.Client, host.Url("/events"));

        var result = await new WorkflowRunner(store).RunAsync(ReviewWorkflow.Create(), ReviewWorkflow.Variables(approved: true));
        var committed = Stopwatch.StartNew();
        var data = await events.WaitForAsync("change", "\"status\":\"COMPLETED_SUCCESS\"", TimeSpan.FromSeconds(60));
        output.WriteLine($"COMPLETED_SUCCESS reached the stream {committed.ElapsedMilliseconds} ms after the run returned (polling every 250 ms)");

        Assert.NotNull(data);
        Assert.Contains(result.ExecutionId, data!, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_execution_pages_stream_carries_only_that_execution()
    {
        var store = new InMemoryExecutionStore();
        var ids = await SyntheticHistories.FillAsync(store, 2);
        var host = await DashboardHost.StartAsync(o => o.Store = store);
        await using var _ = host;
        await host.WaitUntilIndexedCountAsync(2);
        await using var events = await EventStreamReader.OpenAsync(host.Client, host.Url("/events?id=" + ids[1]));

        // Execution 0 is running (n % 50 == 0): it gains a record first, then execution 1 does.
        await store.AppendAsync(ids[0], [new ExecutionEvent { Sequence = 8, Timestamp = DateTimeOffset.UtcNow, Kind = ExecutionEventKind.LogWritten, Level = ExecutionLogLevel.Info, Message = "zero" }], false, default);
        await host.WaitUntilIndexedAsync(ids[0]);
        var resumed = new ExecutionEvent { Sequence = 13, Timestamp = DateTimeOffset.UtcNow, Kind = ExecutionEventKind.StatusChanged, FromStatus = ExecutionStatus.Paused, Status = ExecutionStatus.Resumed };
        await store.AppendAsync(ids[1], [resumed], false, default);

        var next = await events.NextAsync(TimeSpan.FromSeconds(60));
        Assert.NotNull(next);
        Assert.Equal("change", next!.Value.Name);
        Assert.Contains("\"id\":\"" + ids[1] + "\"", next.Value.Data, StringComparison.Ordinal);
        Assert.Contains("\"status\":\"RESUMED\"", next.Value.Data, StringComparison.Ordinal);
        Assert.DoesNotContain(ids[0], events.Raw, StringComparison.Ordinal);
    }
}
