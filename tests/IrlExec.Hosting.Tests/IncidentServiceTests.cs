using System.Net;
using System.Text;
using System.Text.Json;
using IncidentApproval.Service;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace IrlExec.Hosting.Tests;

/// <summary>
/// The sample service (samples/IncidentApproval.Service) through its HTTP API, in process: start a run, read it, approve
/// it by a signal; the service's own worker finishes it. The shipped quarantine holds 3 approvable incidents, 2 to reject
/// and 1 to flag.
/// </summary>
public sealed class IncidentServiceTests : IDisposable
{
    private readonly TempRoot _root = new();

    [Fact]
    public async Task A_run_waiting_at_the_daily_cap_is_approved_over_HTTP_and_the_worker_finishes_it()
    {
        await using var service = Service();
        using var http = service.CreateClient();

        var before = DateTimeOffset.UtcNow;
        var started = await http.PostAsync("/integrations/finance_integration/runs?daily_cap=2", null);
        Assert.Equal(HttpStatusCode.Accepted, started.StatusCode);
        var id = (await Json(started)).GetProperty("execution_id").GetString()!;
        Assert.Equal($"/runs/{id}", started.Headers.Location!.OriginalString);
        var waiting = await Until(http, id, "PAUSED");
        var approval = await http.PostAsync($"/runs/{id}/approval", Body("""{"approved_by": "human:samson"}"""));
        var done = await Until(http, id, "COMPLETED_SUCCESS");

        Assert.Equal("approval", waiting.GetProperty("waiting_for_signal").GetString());
        Assert.Equal(3, waiting.GetProperty("current_step").GetInt32());
        Assert.Contains(waiting.GetProperty("wake_at").GetDateTimeOffset(), new[] { NextUtcMidnight(before), NextUtcMidnight(DateTimeOffset.UtcNow) }); // when the cap resets
        Assert.Equal(HttpStatusCode.Accepted, approval.StatusCode);
        Assert.Equal((3, 2, 1), Counts(done));
        var signal = Assert.Single(done.GetProperty("signals").EnumerateArray());
        Assert.Equal("approval", signal.GetProperty("name").GetString());
        Assert.Equal("human:samson", signal.GetProperty("sender").GetString());
        Assert.Single(AuditLines(), l => l.EndsWith("over the daily cap, approved by human:samson)", StringComparison.Ordinal));
        Assert.Equal(3, AuditLines().Count(l => l.Contains("agent-auto-approver approved", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task An_approval_sent_before_the_step_waits_is_kept_and_the_run_never_pauses()
    {
        using var gate = new ManualResetEventSlim();
        // Every run stops before its first step until the approval is in: the signal arrives before apply runs.
        await using var service = Service(s => s.Configure<IrlExecOptions>(o => o.RunOptions = new RunOptions { OnStarted = _ => gate.Wait(TimeSpan.FromSeconds(60)) }));
        using var http = service.CreateClient();

        var id = (await Json(await http.PostAsync("/integrations/finance_integration/runs?daily_cap=0", null))).GetProperty("execution_id").GetString()!;
        var approval = await http.PostAsync($"/runs/{id}/approval", Body("""{"approved_by": "human:early"}"""));
        var answer = await Json(approval);
        gate.Set();
        var done = await Until(http, id, "COMPLETED_SUCCESS");

        Assert.Equal(HttpStatusCode.Accepted, approval.StatusCode);
        Assert.Equal("queued", answer.GetProperty("delivery").GetString()); // its run holds the execution: it records it
        Assert.Equal((3, 2, 1), Counts(done));
        var history = await WorkflowRunner.ForDirectory(_root.Path).GetStateAsync(id);
        Assert.DoesNotContain(history!.Training.StateTransitions, t => t.To == ExecutionStatus.Paused);
        Assert.Equal("human:early", Assert.Single(history.Signals).Sender);
        Assert.Equal(3, AuditLines().Count(l => l.EndsWith("over the daily cap, approved by human:early)", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task The_next_day_s_timer_wakes_a_run_waiting_at_the_cap_and_the_new_day_s_cap_lets_it_finish()
    {
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 3, 10, 23, 0, 0, TimeSpan.Zero));
        await using var service = Service(s => s.AddSingleton<TimeProvider>(clock));
        using var http = service.CreateClient();

        var id = (await Json(await http.PostAsync("/integrations/finance_integration/runs?daily_cap=2", null))).GetProperty("execution_id").GetString()!;
        var waiting = await Until(http, id, "PAUSED");
        await Task.Delay(300); // a few of the worker's polls: nothing wakes it before its time
        var stillWaiting = await Get(http, id);
        clock.Advance(TimeSpan.FromHours(2));
        var done = await Until(http, id, "COMPLETED_SUCCESS");

        Assert.Equal(new DateTimeOffset(2026, 3, 11, 0, 0, 0, TimeSpan.Zero), waiting.GetProperty("wake_at").GetDateTimeOffset());
        Assert.Equal("PAUSED", stillWaiting.GetProperty("status").GetString());
        Assert.Equal((3, 2, 1), Counts(done));
        Assert.Empty(done.GetProperty("signals").EnumerateArray());
        var logs = Path.Combine(_root.Path, "execution", "logs");
        Assert.Equal(2, File.ReadLines(Path.Combine(logs, "agent-approvals-2026-03-10.log")).Count(l => l.Contains(" approved ", StringComparison.Ordinal)));
        Assert.Equal(1, File.ReadLines(Path.Combine(logs, "agent-approvals-2026-03-11.log")).Count(l => l.Contains(" approved ", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task Bad_requests_are_answered_with_the_reason()
    {
        await using var service = Service();
        using var http = service.CreateClient();

        var unknownIntegration = await http.PostAsync("/integrations/payroll/runs", null);
        var badName = await http.PostAsync("/integrations/.hidden/runs", null);
        var unknownRun = await http.GetAsync("/runs/20260101-000000-nothing");
        var approvalOfNothing = await http.PostAsync("/runs/20260101-000000-nothing/approval", Body("""{"approved_by": "x"}"""));
        var id = (await Json(await http.PostAsync("/integrations/finance_integration/runs", null))).GetProperty("execution_id").GetString()!;
        await Until(http, id, "COMPLETED_SUCCESS");
        var anonymous = await http.PostAsync($"/runs/{id}/approval", Body("{}"));
        var late = await http.PostAsync($"/runs/{id}/approval", Body("""{"approved_by": "human:late"}"""));

        Assert.Equal(HttpStatusCode.NotFound, unknownIntegration.StatusCode);
        Assert.Contains("no quarantine for integration 'payroll'", (await Json(unknownIntegration)).GetProperty("error").GetString());
        Assert.Equal(HttpStatusCode.BadRequest, badName.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, unknownRun.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, approvalOfNothing.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, anonymous.StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, late.StatusCode);
        Assert.Contains("a finished execution takes no signal", (await Json(late)).GetProperty("error").GetString());
    }

    private WebApplicationFactory<RunView> Service(Action<IServiceCollection>? services = null) =>
        // WebApplicationFactory<T> runs the entry point of T's assembly: the sample's Program, unchanged.
        new WebApplicationFactory<RunView>().WithWebHostBuilder(web =>
        {
            web.UseSetting("IrlExec:Root", _root.Path);
            web.ConfigureTestServices(s =>
            {
                s.Configure<IrlExecOptions>(o => o.PollInterval = TimeSpan.FromMilliseconds(50));
                services?.Invoke(s);
            });
        });

    private static async Task<JsonElement> Until(HttpClient http, string id, string status)
    {
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (true)
        {
            var run = await Get(http, id);
            if (run.GetProperty("status").GetString() == status) return run;
            Assert.True(DateTime.UtcNow < deadline, $"Still {run} after 60 s; expected {status}");
            await Task.Delay(25);
        }
    }

    private static async Task<JsonElement> Get(HttpClient http, string id)
    {
        using var response = await http.GetAsync($"/runs/{id}");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await Json(response);
    }

    private static async Task<JsonElement> Json(HttpResponseMessage response) =>
        JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.Clone();

    private static StringContent Body(string json) => new(json, Encoding.UTF8, "application/json");

    private static (int, int, int) Counts(JsonElement run) =>
        (run.GetProperty("approved").GetInt32(), run.GetProperty("rejected").GetInt32(), run.GetProperty("flagged").GetInt32());

    private static DateTimeOffset NextUtcMidnight(DateTimeOffset now) => new(now.UtcDateTime.Date.AddDays(1), TimeSpan.Zero);

    private List<string> AuditLines() =>
        [.. Directory.GetFiles(Path.Combine(_root.Path, "execution", "logs"), "agent-approvals-*.log").SelectMany(File.ReadLines)];

    public void Dispose() => _root.Dispose();
}
