using System.Diagnostics;
using IrlExec.Dashboard.Tests.Support;
using Microsoft.Playwright;
using Xunit.Abstractions;

namespace IrlExec.Dashboard.Tests;

/// <summary>The dashboard in a real browser (Debian's Chromium, headless, driven by Playwright).</summary>
[Collection(BrowserCollection.Name)]
public sealed class BrowserTests(Chromium chromium, ITestOutputHelper output)
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(60); // generous: chromium and the host share a loaded machine with other tests

    [Fact]
    public async Task The_list_shows_a_new_execution_without_a_reload()
    {
        var host = await DashboardHost.StartAsync();
        await using var _ = host;
        await using var browser = await chromium.NewPageAsync();
        var page = browser.Page;
        await page.GotoAsync(host.Url("/"));
        await Assertions.Expect(page.Locator("#live-state")).ToHaveTextAsync("live", new() { Timeout = (float)Wait.TotalMilliseconds });
        await Assertions.Expect(page.Locator("#live")).ToContainTextAsync("No executions yet.");
        await page.EvaluateAsync("() => { window.__sameDocument = 42; }");

        var result = await host.Runner().RunAsync(ReviewWorkflow.Create(), ReviewWorkflow.Variables());
        var returned = Stopwatch.StartNew();
        var row = page.Locator($"tr[data-id='{result.ExecutionId}']");
        await Assertions.Expect(row).ToBeVisibleAsync(new() { Timeout = (float)Wait.TotalMilliseconds });
        output.WriteLine($"The row appeared {returned.ElapsedMilliseconds} ms after the run returned.");

        await Assertions.Expect(row).ToContainTextAsync("PAUSED");
        await Assertions.Expect(row).ToContainTextAsync("human approval");
        Assert.Equal(42, await page.EvaluateAsync<int>("() => window.__sameDocument"));
        Assert.True(browser.ConsoleErrors.Count == 0, string.Join("\n", browser.ConsoleErrors));
    }

    [Fact]
    public async Task A_script_in_a_step_output_is_shown_as_text_and_never_runs()
    {
        var host = await DashboardHost.StartAsync();
        await using var _ = host;
        var result = await host.Runner().RunAsync(ReviewWorkflow.Create(), ReviewWorkflow.Variables(approved: true));
        await using var browser = await chromium.NewPageAsync();
        var page = browser.Page;
        await page.GotoAsync(host.Url("/executions/" + result.ExecutionId));
        await Assertions.Expect(page.Locator("#live-state")).ToHaveTextAsync("live", new() { Timeout = (float)Wait.TotalMilliseconds });

        await page.Locator("details.attempts summary").ClickAsync();
        var outputs = page.Locator("table.io");
        await Assertions.Expect(outputs).ToContainTextAsync(ReviewWorkflow.ScriptOutput);
        await Assertions.Expect(page.Locator("article.markdown")).ToContainTextAsync("<script>window.__pwned=1</script>");
        Assert.Null(await page.EvaluateAsync<int?>("() => window.__pwned ?? null"));
        Assert.Equal(0, await page.Locator("table.io script, article.markdown script, table.io img, article.markdown img").CountAsync());
        Assert.Empty(browser.Dialogs);
    }

    [Fact]
    public async Task The_simulation_shows_the_estimated_cost_and_time_before_anything_runs()
    {
        var host = await DashboardHost.StartAsync(o => o.Workflows.Add(ReviewWorkflow.Create()));
        await using var _ = host;
        await using var browser = await chromium.NewPageAsync();
        var page = browser.Page;
        await page.GotoAsync(host.Url("/workflows/" + ReviewWorkflow.Name));

        await page.FillAsync("input[name='var.subject']", "annual-report");
        await page.FillAsync("input[name='var.api_token']", ReviewWorkflow.SecretToken);
        await page.ClickAsync("#simulate");

        await Assertions.Expect(page.Locator("#simulation-result")).ToBeVisibleAsync(new() { Timeout = (float)Wait.TotalMilliseconds });
        await Assertions.Expect(page.Locator("#estimated-cost")).ToHaveTextAsync("$0.05");
        await Assertions.Expect(page.Locator("#estimated-time")).ToHaveTextAsync("3 s");
        await Assertions.Expect(page.Locator("#simulation-result")).ToContainTextAsync("COMPLETED_SUCCESS");
        await Assertions.Expect(page.Locator("#simulation-result")).ToContainTextAsync("(simulated findings)");
        Assert.DoesNotContain(ReviewWorkflow.SecretToken, await page.ContentAsync(), StringComparison.Ordinal);
        // Nothing real ran: the store has no execution.
        Assert.Empty(await new FileSystemExecutionStore(host.Root).ListAsync(default));
    }

    [Fact]
    public async Task An_open_execution_page_follows_the_run_and_no_secret_reaches_the_browser()
    {
        var host = await DashboardHost.StartAsync();
        await using var _ = host;
        var workflow = ReviewWorkflow.Create();
        var paused = await host.Runner().RunAsync(workflow, ReviewWorkflow.Variables());
        await using var browser = await chromium.NewPageAsync();
        var page = browser.Page;
        var bodies = new List<Task<string>>();
        page.Response += (_, response) =>
        {
            if (response.Headers.TryGetValue("content-type", out var type) && type.StartsWith("text/html", StringComparison.Ordinal)) bodies.Add(response.TextAsync());
        };
        await page.GotoAsync(host.Url("/executions/" + paused.ExecutionId));
        await Assertions.Expect(page.Locator("#live-state")).ToHaveTextAsync("live", new() { Timeout = (float)Wait.TotalMilliseconds });
        await Assertions.Expect(page.Locator("#execution-status")).ToHaveTextAsync("PAUSED");

        var approved = new VariableStore();
        approved.Set("approved", "yes");
        approved.Set("api_token", ReviewWorkflow.SecretToken, isSecret: true);
        var finished = await host.Runner().ResumeAsync(workflow, paused.ExecutionId, approved);
        Assert.Equal(ExecutionStatus.CompletedSuccess, finished.Status);

        await Assertions.Expect(page.Locator("#execution-status")).ToHaveTextAsync("COMPLETED_SUCCESS", new() { Timeout = (float)Wait.TotalMilliseconds });
        await Assertions.Expect(page.Locator("#log-tail")).ToContainTextAsync("Published the report");
        var seen = new List<string> { await page.ContentAsync() };
        foreach (var body in bodies) seen.Add(await body);
        Assert.True(seen.Count >= 3, "the page and at least one live update were fetched");
        foreach (var text in seen)
        {
            Assert.DoesNotContain(ReviewWorkflow.SecretToken, text, StringComparison.Ordinal);
            Assert.DoesNotContain(ReviewWorkflow.LeakedKey, text, StringComparison.Ordinal);
        }
        Assert.True(browser.ConsoleErrors.Count == 0, string.Join("\n", browser.ConsoleErrors));
    }

    [Fact]
    public async Task A_paused_execution_approved_from_its_page_finishes()
    {
        var host = await DashboardHost.StartWithActionsAsync();
        await using var _ = host;
        var id = await ActionTests.StartPausedAsync(host);
        await using var browser = await chromium.NewPageAsync(HeaderAuthentication.Headers("alice", HeaderAuthentication.OperatorRole));
        var page = browser.Page;
        await page.GotoAsync(host.Url("/executions/" + id));
        await Assertions.Expect(page.Locator("#live-state")).ToHaveTextAsync("live", new() { Timeout = (float)Wait.TotalMilliseconds });
        await Assertions.Expect(page.Locator("#execution-status")).ToHaveTextAsync("PAUSED");
        await Assertions.Expect(page.Locator(".summary .why")).ToHaveTextAsync("signal awaited");
        await Assertions.Expect(page.Locator("#action-signal select[name='signal']")).ToHaveValueAsync(ApprovalWorkflow.Signal);

        await page.FillAsync("#action-signal input[name='value']", "approved");
        // A live update while the value is typed (the execution gains a record: a signal it takes but does not await)
        // replaces the panel's markup; what was typed stays.
        var refreshed = await page.EvaluateAsync<string?>("() => document.body.getAttribute('data-refreshed')");
        await host.WorkflowClient.SignalAsync(id, ApprovalWorkflow.Comment, "\"looks fine\"", "human:bob");
        await page.WaitForFunctionAsync("(before) => document.body.getAttribute('data-refreshed') !== before", refreshed, new() { Timeout = (float)Wait.TotalMilliseconds });
        await Assertions.Expect(page.Locator("#action-signal input[name='value']")).ToHaveValueAsync("approved");
        await page.ClickAsync("#deliver-signal");

        await Assertions.Expect(page.Locator("#flash")).ToContainTextAsync("Signal delivered");
        await Assertions.Expect(page.Locator("#execution-status")).ToHaveTextAsync("COMPLETED_SUCCESS", new() { Timeout = (float)Wait.TotalMilliseconds });
        await Assertions.Expect(page.Locator("#log-tail")).ToContainTextAsync("Shipped the release", new() { Timeout = (float)Wait.TotalMilliseconds });
        await Assertions.Expect(page.Locator("#actions")).ToContainTextAsync("Finished: nothing to act on.");
        var state = await host.WorkflowClient.GetAsync(id);
        Assert.Equal(ExecutionStatus.CompletedSuccess, state!.Status);
        Assert.Equal("dashboard:alice", state.Signals.Single(s => s.Name == ApprovalWorkflow.Signal).Sender);
        Assert.True(browser.ConsoleErrors.Count == 0, string.Join("\n", browser.ConsoleErrors));
    }

    [Fact]
    public async Task An_execution_page_shows_changes_made_between_its_drawing_and_its_live_connection()
    {
        var host = await DashboardHost.StartWithActionsAsync();
        await using var _ = host;
        var id = await ActionTests.StartPausedAsync(host);
        await using var browser = await chromium.NewPageAsync();
        var page = browser.Page;
        var connect = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await page.RouteAsync("**/events?**", async route =>
        {
            await connect.Task;
            await route.ContinueAsync();
        });
        await page.GotoAsync(host.Url("/executions/" + id));
        await Assertions.Expect(page.Locator("#execution-status")).ToHaveTextAsync("PAUSED");

        // The execution finishes, and the dashboard publishes it, before the page's event stream is connected.
        await host.WorkflowClient.SignalAsync(id, ApprovalWorkflow.Signal, "\"approved\"", "human:bob");
        using (var timeout = new CancellationTokenSource(Wait)) await host.WorkflowClient.WaitAsync(id, s => StatusTransitions.IsTerminal(s.Status), timeout.Token);
        await host.WaitUntilIndexedAsync(id);
        connect.SetResult();

        await Assertions.Expect(page.Locator("#live-state")).ToHaveTextAsync("live", new() { Timeout = (float)Wait.TotalMilliseconds });
        await Assertions.Expect(page.Locator("#execution-status")).ToHaveTextAsync("COMPLETED_SUCCESS", new() { Timeout = (float)Wait.TotalMilliseconds });
        Assert.True(browser.ConsoleErrors.Count == 0, string.Join("\n", browser.ConsoleErrors));
    }

    [Fact]
    public async Task An_action_is_refused_without_the_policy()
    {
        var host = await DashboardHost.StartWithActionsAsync();
        await using var _ = host;
        var id = await ActionTests.StartPausedAsync(host);
        var before = (await new FileSystemExecutionStore(host.Root).ReadAsync(id, default))!.Count;
        await using var browser = await chromium.NewPageAsync(HeaderAuthentication.Headers("mallory", "viewer"));
        var page = browser.Page;
        await page.GotoAsync(host.Url("/executions/" + id));
        await Assertions.Expect(page.Locator("#execution-status")).ToHaveTextAsync("PAUSED");
        await Assertions.Expect(page.Locator("header .mode")).ToHaveTextAsync("read-only");
        Assert.Equal(0, await page.Locator("#actions, form[method='post']").CountAsync());

        // What a user without the policy could still try: post the form by hand, with a valid token of their own (the
        // workflow page's simulation form carries one).
        await page.GotoAsync(host.Url("/workflows/" + ApprovalWorkflow.Name));
        var status = await page.EvaluateAsync<int>(@"async (url) => {
            const token = document.querySelector('form.simulate input[type=hidden]');
            const body = new URLSearchParams();
            body.set(token.name, token.value);
            body.set('signal', 'approval');
            body.set('value', 'approved');
            const response = await fetch(url, { method: 'POST', body, credentials: 'same-origin', redirect: 'manual' });
            return response.status;
        }", host.Url($"/executions/{id}/signal"));

        Assert.Equal(403, status);
        var store = new FileSystemExecutionStore(host.Root);
        Assert.Equal(before, (await store.ReadAsync(id, default))!.Count);
        Assert.Empty(await store.ReadPendingSignalsAsync(id, default));
        Assert.Equal(ExecutionStatus.Paused, (await host.WorkflowClient.GetAsync(id))!.Status);
    }

    [Fact]
    public async Task A_screenshot_of_the_execution_page()
    {
        var host = await DashboardHost.StartAsync();
        await using var _ = host;
        // Steps that take a moment, so that actual times show against the estimates.
        var result = await host.Runner().RunAsync(ReviewWorkflow.Create(TimeSpan.FromMilliseconds(400)), ReviewWorkflow.Variables(approved: true));
        await using var browser = await chromium.NewPageAsync();
        var page = browser.Page;
        await page.GotoAsync(host.Url("/executions/" + result.ExecutionId));
        await Assertions.Expect(page.Locator("#live-state")).ToHaveTextAsync("live", new() { Timeout = (float)Wait.TotalMilliseconds });

        var path = Path.Combine(AppContext.BaseDirectory, "dashboard-execution.png");
        var png = await page.ScreenshotAsync(new PageScreenshotOptions { Path = path, FullPage = false });
        Assert.True(png.Length > 10_000, "a real picture of the page");
        Assert.Equal(new byte[] { 0x89, 0x50, 0x4E, 0x47 }, png[..4]);
        // docs/dashboard.md shows this picture: set IRLEXEC_DOCS_SCREENSHOT to docs/images/dashboard-execution.png to take it again.
        if (Environment.GetEnvironmentVariable("IRLEXEC_DOCS_SCREENSHOT") is { Length: > 0 } docs) await File.WriteAllBytesAsync(docs, png);
        output.WriteLine("Screenshot: " + path);
    }
}
