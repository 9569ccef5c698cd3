using System.Net;
using System.Text.RegularExpressions;
using IrlExec.Dashboard.Tests.Support;

namespace IrlExec.Dashboard.Tests;

/// <summary>No secret value in any page, fragment, event or error the dashboard sends.</summary>
public sealed partial class SecretTests
{
    private static readonly string[] Forbidden = [ReviewWorkflow.SecretToken, ReviewWorkflow.LeakedKey];

    [Fact]
    public async Task No_secret_reaches_a_page_a_fragment_the_event_stream_or_an_error()
    {
        var host = await DashboardHost.StartAsync(o => o.Workflows.Add(ReviewWorkflow.Create()));
        await using var _ = host;
        await using var events = await EventStreamReader.OpenAsync(host.Client, host.Url("/events"));
        var paused = await host.Runner().RunAsync(ReviewWorkflow.Create(), ReviewWorkflow.Variables());
        var done = await host.Runner().RunAsync(ReviewWorkflow.Create(), ReviewWorkflow.Variables("second", approved: true));
        Assert.NotNull(await events.WaitForAsync("change", done.ExecutionId, TimeSpan.FromSeconds(60)));
        await host.WaitUntilIndexedAsync(done.ExecutionId);
        await host.WaitUntilIndexedAsync(paused.ExecutionId);

        var sent = new List<string> { events.Raw };
        foreach (var path in new[] { "/", "/?status=paused", "/executions/" + paused.ExecutionId, "/executions/" + done.ExecutionId, "/workflows", "/workflows/" + ReviewWorkflow.Name })
        {
            sent.Add(await host.Client.GetStringAsync(host.Url(path)));
            using var fragment = new HttpRequestMessage(HttpMethod.Get, host.Url(path));
            fragment.Headers.Add("X-IrlExec-Fragment", "1");
            sent.Add(await (await host.Client.SendAsync(fragment)).Content.ReadAsStringAsync());
        }

        // The pages do show the executions (the check below is not vacuous): the log lines that carried the secrets are there, masked.
        var page = sent[5];
        Assert.Contains("Collected findings for quarterly-numbers with token ***", page, StringComparison.Ordinal);
        Assert.Contains("the key in use is ***", page, StringComparison.Ordinal);
        Assert.Contains("Bearer ***", page, StringComparison.Ordinal);
        foreach (var text in sent)
        {
            foreach (var secret in Forbidden) Assert.DoesNotContain(secret, text, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task A_history_that_holds_credentials_is_masked_on_every_page()
    {
        // A history written by another tool (or by hand) that holds what the runner would have masked: a secret variable's
        // value, a bearer token in a log line, a GitHub token in an output, an API key in a step's error.
        var store = new InMemoryExecutionStore();
        var (id, records) = SyntheticHistories.Create(0, new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero), ExecutionStatus.Paused);
        records.Insert(2, new ExecutionEvent { Kind = ExecutionEventKind.VariableSet, Name = "password", Value = "\"pa55word-in-clear\"", IsSecret = true });
        records.Insert(3, new ExecutionEvent { Kind = ExecutionEventKind.LogWritten, Level = ExecutionLogLevel.Info, Message = "calling with Bearer abcdefghijklmnopqrstuvwxyz123456" });
        var completed = records.First(r => r.Kind == ExecutionEventKind.StepCompleted);
        completed.Values = [new NamedValue("value_1", "token ghp_abcdefghijklmnopqrstuvwxyz0123456789")];
        records.Last(r => r.Kind == ExecutionEventKind.StepPaused).Message = "paused: key sk-proj-ABCDEFGHIJKLMNOP refused";
        for (var i = 0; i < records.Count; i++) records[i].Sequence = i + 1;
        await store.AppendAsync(id, records, false, default);
        var host = await DashboardHost.StartAsync(o => o.Store = store);
        await using var _ = host;
        await host.WaitUntilIndexedAsync(id);

        var list = await host.Client.GetStringAsync(host.Url("/"));
        var page = await host.Client.GetStringAsync(host.Url("/executions/" + id));
        var workflow = await host.Client.GetStringAsync(host.Url("/workflows/" + SyntheticHistories.Workflows[0]));
        foreach (var text in new[] { list, page, workflow })
        {
            Assert.DoesNotContain("pa55word-in-clear", text, StringComparison.Ordinal);
            Assert.DoesNotContain("abcdefghijklmnopqrstuvwxyz123456", text, StringComparison.Ordinal);
            Assert.DoesNotContain("ghp_abcdefghijklmnopqrstuvwxyz0123456789", text, StringComparison.Ordinal);
            Assert.DoesNotContain("sk-proj-ABCDEFGHIJKLMNOP", text, StringComparison.Ordinal);
        }
        Assert.Contains("<td>password</td><td><span class=\"secret\"", page, StringComparison.Ordinal);
        Assert.Contains("Bearer ***", page, StringComparison.Ordinal);
        Assert.Matches(MaskedKey(), page);
    }

    [Fact]
    public async Task A_secret_typed_into_the_simulation_form_is_not_sent_back()
    {
        var host = await DashboardHost.StartAsync(o => o.Workflows.Add(ReviewWorkflow.Create()));
        await using var _ = host;
        using var client = new HttpClient(new HttpClientHandler { CookieContainer = new CookieContainer() }) { BaseAddress = new Uri(host.BaseUrl) };
        var form = await client.GetStringAsync(host.Url("/workflows/" + ReviewWorkflow.Name));
        var token = AntiforgeryField().Match(form);
        Assert.True(token.Success, "the simulation form carries an antiforgery token");

        var response = await client.PostAsync(host.Url("/workflows/" + ReviewWorkflow.Name + "/simulate"), new FormUrlEncodedContent(new Dictionary<string, string>
        {
            [token.Groups["name"].Value] = WebUtility.HtmlDecode(token.Groups["value"].Value),
            ["var.subject"] = "simulated-subject",
            ["var.api_token"] = ReviewWorkflow.SecretToken,
        }));
        var body = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("id=\"simulation-result\"", body, StringComparison.Ordinal);
        Assert.Contains("value=\"simulated-subject\"", body, StringComparison.Ordinal);
        Assert.DoesNotContain(ReviewWorkflow.SecretToken, body, StringComparison.Ordinal);
    }

    [GeneratedRegex(@"key sk-\*\*\*|key \*\*\*")]
    private static partial Regex MaskedKey();

    [GeneratedRegex("<input type=\"hidden\" name=\"(?<name>[^\"]+)\" value=\"(?<value>[^\"]+)\">")]
    internal static partial Regex AntiforgeryField();
}
