using System.Net;
using IrlExec.Dashboard.Tests.Support;
using IrlExec.Tests.Trust;

namespace IrlExec.Dashboard.Tests.Trust;

/// <summary>
/// An independent pass over what the dashboard sends: the secret canary (<see cref="SecretCanary"/>) on every page, fragment
/// and live update; and hostile text from a request (path, query) or from a history (values, log lines, a signal's sender
/// and payload, a markdown link) shown inert.
/// </summary>
public sealed class TrustTests
{
    private const string Script = "<script>window.__trust=1</script>";
    private const string Image = "\"><img src=x onerror=alert(1)>";

    [Fact]
    public async Task No_canary_reaches_a_page_a_fragment_or_the_event_stream()
    {
        var host = await DashboardHost.StartAsync(o => o.Workflows.Add(SecretCanary.Create()));
        await using var _ = host;
        await using var events = await EventStreamReader.OpenAsync(host.Client, host.Url("/events"));
        var runner = host.Runner();
        var paused = await runner.RunAsync(SecretCanary.Create(), SecretCanary.Variables());
        await runner.SignalAsync(paused.ExecutionId, "go", SecretCanary.SignalPayload, sender: "trust-audit");
        var end = await runner.ResumeAsync(SecretCanary.Create(), paused.ExecutionId, SecretCanary.Variables(resume: true));
        Assert.Equal(ExecutionStatus.CompletedFailure, end.Status);
        Assert.NotNull(await events.WaitForAsync("change", end.ExecutionId, TimeSpan.FromSeconds(60)));
        await host.WaitUntilIndexedAsync(end.ExecutionId);

        var sent = new List<(string Where, string Text)> { ("events", events.Raw) };
        foreach (var path in new[] { "/", "/?status=failed", "/?q=canary", "/executions/" + end.ExecutionId, "/workflows", "/workflows/" + SecretCanary.Name })
        {
            sent.Add((path, await host.Client.GetStringAsync(host.Url(path))));
            using var fragment = new HttpRequestMessage(HttpMethod.Get, host.Url(path));
            fragment.Headers.Add("X-IrlExec-Fragment", "1");
            sent.Add((path + " (fragment)", await (await host.Client.SendAsync(fragment)).Content.ReadAsStringAsync()));
        }

        var page = sent.Single(s => s.Where == "/executions/" + end.ExecutionId).Text;
        Assert.Contains("using key ***", page, StringComparison.Ordinal); // not vacuous: the lines are there, masked
        var found = sent.SelectMany(s => SecretCanary.Find(s.Where, s.Text)).ToList();
        Assert.True(found.Count == 0, string.Join("\n", found));
    }

    [Theory]
    [InlineData("/executions/%3Cscript%3Ewindow.__trust%3D1%3C%2Fscript%3E")]
    [InlineData("/executions/..%2F..%2Fetc%2Fpasswd")]
    [InlineData("/executions/exec_%00_nul")]
    [InlineData("/workflows/%3Cscript%3Ewindow.__trust%3D1%3C%2Fscript%3E")]
    [InlineData("/workflows/%22%3E%3Cimg%20src%3Dx%20onerror%3Dalert(1)%3E")]
    [InlineData("/?status=%3Cscript%3Ewindow.__trust%3D1%3C%2Fscript%3E&workflow=%22%3E%3Cimg%20src%3Dx%20onerror%3Dalert(1)%3E&q=%3Cscript%3Ewindow.__trust%3D1%3C%2Fscript%3E")]
    public async Task Hostile_text_in_a_request_is_refused_or_shown_as_text(string path)
    {
        var host = await DashboardHost.StartAsync();
        await using var _ = host;

        var response = await host.Client.GetAsync(host.Url(path));
        var body = await response.Content.ReadAsStringAsync();

        Assert.True(response.StatusCode is HttpStatusCode.OK or HttpStatusCode.NotFound or HttpStatusCode.BadRequest, $"{response.StatusCode}: {body}");
        Assert.DoesNotContain("<script>window.__trust", body, StringComparison.Ordinal);
        Assert.DoesNotContain("<img src=x", body, StringComparison.Ordinal);
        Assert.DoesNotContain("/etc/passwd", body.Replace("..%2F..%2Fetc%2Fpasswd", "", StringComparison.Ordinal), StringComparison.Ordinal);
        Assert.DoesNotContain("root:x:0:0", body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Hostile_text_in_a_history_is_shown_as_text_on_every_page_and_update()
    {
        var host = await DashboardHost.StartAsync(o => o.Workflows.Add(Hostile()));
        await using var _ = host;
        await using var events = await EventStreamReader.OpenAsync(host.Client, host.Url("/events"));
        var runner = host.Runner();
        var variables = new VariableStore();
        variables.Set("label", Script + " | cell ]] [x](javascript:alert(1)) <javascript:alert(2)>\n## Injected heading");
        var paused = await runner.RunAsync(Hostile(), variables);
        await runner.SignalAsync(paused.ExecutionId, "go", System.Text.Json.JsonSerializer.Serialize(Script + Image), sender: Script);
        await host.WaitUntilIndexedAsync(paused.ExecutionId);
        Assert.NotNull(await events.WaitForAsync("change", paused.ExecutionId, TimeSpan.FromSeconds(60)));

        var pages = new List<(string Where, string Text)> { ("events", events.Raw) };
        foreach (var path in new[] { "/", "/?q=script", "/executions/" + paused.ExecutionId, "/workflows/hostile" })
        {
            pages.Add((path, await host.Client.GetStringAsync(host.Url(path))));
            using var fragment = new HttpRequestMessage(HttpMethod.Get, host.Url(path));
            fragment.Headers.Add("X-IrlExec-Fragment", "1");
            pages.Add((path + " (fragment)", await (await host.Client.SendAsync(fragment)).Content.ReadAsStringAsync()));
        }

        var page = pages.Single(p => p.Where == "/executions/" + paused.ExecutionId).Text;
        Assert.Contains("&lt;script&gt;window.__trust=1&lt;/script&gt;", page, StringComparison.Ordinal); // shown, as text
        foreach (var (where, text) in pages)
        {
            Assert.False(text.Contains("<script>window.__trust", StringComparison.Ordinal), where);
            Assert.False(text.Contains("<img src=x", StringComparison.Ordinal), where);
            Assert.False(text.Contains("href=\"javascript:", StringComparison.OrdinalIgnoreCase), where);
            Assert.False(text.Contains("<h2>Injected heading", StringComparison.Ordinal), where);
            Assert.False(text.Contains("<h2 id=\"injected-heading\"", StringComparison.Ordinal), where);
        }
    }

    private static WorkflowDefinition Hostile()
    {
        var first = new StepPlan
        {
            Order = 1, Name = "render", Component = "trust.render",
            Inputs = [new StepInputPlan { Name = "label", Reference = "{{label}}" }],
            Outputs = [new StepOutputPlan { Name = "html" }],
        };
        var second = new StepPlan { Order = 2, Name = "wait", Component = "trust.wait", Signals = [new StepSignalPlan { Name = "go" }] };
        var plan = new WorkflowPlan
        {
            Name = "hostile", Goal = "Render {{label}}",
            Variables = [new VariablePlan { Name = "label" }],
            Steps = [first, second],
        };
        return new WorkflowDefinition(plan,
        [
            StepDefinition.Create(first, () => new SecretCanary.CanaryStep((c, s) =>
            {
                c.Log("rendering " + c.Variables.GetString("label") + Image);
                c.RecordToolCall(Script, Image, "[click](javascript:alert(3))");
                c.RecordStateChange("| a | b |\n|---|---|\n| " + Script + " | x |");
                c.RecordMessage("user", "<iframe src=\"javascript:alert(4)\"></iframe>");
                s.Copy = Script + Image;
            }), publishOutputs: (step, outputs) => outputs.Set("html", step.Copy!)),
            StepDefinition.Create(second, () => new SecretCanary.CanaryStep((c, _) =>
            {
                if (c.WaitForSignal("go")) return;
                c.Pause("held: " + Script + Image);
            })),
        ]);
    }
}
