using System.Net;
using System.Text.RegularExpressions;
using IrlExec.Dashboard.Tests.Support;
using IrlExec.Hosting;
using Microsoft.AspNetCore.Builder;

namespace IrlExec.Dashboard.Tests;

/// <summary>
/// The actions (deliver a signal, resume, cancel) over HTTP, in an app that hosts IrlExec and signs users in: off unless
/// the host enables them, refused without the host's policy, refused without a valid antiforgery token, and, when all
/// holds, carried out by the host's IWorkflowClient and worker.
/// </summary>
public sealed partial class ActionTests
{
    private static readonly Dictionary<string, string> Alice = HeaderAuthentication.Headers("alice", HeaderAuthentication.OperatorRole);
    private static readonly Dictionary<string, string> Mallory = HeaderAuthentication.Headers("mallory", "viewer");

    [Fact]
    public async Task Actions_are_off_unless_enabled_no_form_is_shown_and_no_action_endpoint_exists()
    {
        var host = await DashboardHost.StartWithActionsAsync(enableActions: false);
        await using var _ = host;
        var id = await StartPausedAsync(host);
        using var alice = host.NewClient(Alice);
        var page = await alice.GetStringAsync(host.Url("/executions/" + id));
        var before = await RecordsAsync(host, id);

        using var response = await PostAsync(alice, host.Url($"/executions/{id}/signal"), ("signal", ApprovalWorkflow.Signal), ("value", "approved"));

        Assert.DoesNotContain("id=\"actions\"", page, StringComparison.Ordinal);
        Assert.DoesNotContain("<form method=\"post\"", page, StringComparison.Ordinal);
        Assert.Contains("read-only", page, StringComparison.Ordinal);
        Assert.True(response.StatusCode is HttpStatusCode.NotFound or HttpStatusCode.MethodNotAllowed, $"no action endpoint (got {(int)response.StatusCode})");
        await AssertNothingDeliveredAsync(host, id, before);
    }

    [Fact]
    public async Task An_operator_approves_a_paused_execution_from_its_page_and_it_finishes()
    {
        var host = await DashboardHost.StartWithActionsAsync();
        await using var _ = host;
        var id = await StartPausedAsync(host);
        using var alice = host.NewClient(Alice);
        var page = await alice.GetStringAsync(host.Url("/executions/" + id));
        Assert.Contains("id=\"action-signal\"", page, StringComparison.Ordinal);
        Assert.Contains("<option value=\"approval\" selected>approval (string) — awaited</option>", page, StringComparison.Ordinal);
        Assert.Contains("actions enabled", page, StringComparison.Ordinal);

        using var response = await PostAsync(alice, host.Url($"/executions/{id}/signal"), ("signal", ApprovalWorkflow.Signal), ("value", "approved"), Token(page));

        Assert.Equal(HttpStatusCode.SeeOther, response.StatusCode);
        Assert.Equal($"/irlexec/executions/{id}?done=signal", response.Headers.Location?.OriginalString);
        var finished = await WaitAsync(host, id, s => StatusTransitions.IsTerminal(s.Status));
        Assert.Equal(ExecutionStatus.CompletedSuccess, finished.Status);
        var signal = Assert.Single(finished.Signals);
        Assert.Equal("\"approved\"", signal.Json);
        Assert.Equal("dashboard:alice", signal.Sender);
        var after = await alice.GetStringAsync(host.Url($"/executions/{id}?done=signal"));
        Assert.Contains("<p class=\"flash\" id=\"flash\" role=\"status\">Signal delivered", after, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_action_is_refused_without_the_policy()
    {
        var host = await DashboardHost.StartWithActionsAsync();
        await using var _ = host;
        var id = await StartPausedAsync(host);
        using var mallory = host.NewClient(Mallory);
        using var anonymous = host.NewClient();
        var page = await mallory.GetStringAsync(host.Url("/executions/" + id));
        // A token of Mallory's own (the simulation form has one): the refusal is the policy's, not the token's.
        var token = Token(await mallory.GetStringAsync(host.Url("/workflows/" + ApprovalWorkflow.Name)));
        var before = await RecordsAsync(host, id);

        using var signalled = await PostAsync(mallory, host.Url($"/executions/{id}/signal"), ("signal", ApprovalWorkflow.Signal), ("value", "approved"), token);
        using var cancelled = await PostAsync(mallory, host.Url($"/executions/{id}/cancel"), ("reason", "no"), token);
        using var resumed = await PostAsync(mallory, host.Url($"/executions/{id}/resume"), token);
        using var signedOut = await PostAsync(anonymous, host.Url($"/executions/{id}/signal"), ("signal", ApprovalWorkflow.Signal), ("value", "approved"));

        Assert.DoesNotContain("id=\"actions\"", page, StringComparison.Ordinal);
        Assert.Contains("read-only", page, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Forbidden, signalled.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, cancelled.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, resumed.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, signedOut.StatusCode);
        await AssertNothingDeliveredAsync(host, id, before);
        Assert.Equal(ExecutionStatus.Paused, (await host.WorkflowClient.GetAsync(id))!.Status);
    }

    [Fact]
    public async Task The_policy_still_holds_when_the_host_lets_anonymous_users_see_the_dashboard()
    {
        // A convention on the dashboard's group (here AllowAnonymous, which switches the authorization middleware off for
        // its endpoints) must not open the actions: their handlers check the policy themselves.
        var host = await DashboardHost.StartWithActionsAsync(group: g => g.AllowAnonymous());
        await using var _ = host;
        var id = await StartPausedAsync(host);
        using var mallory = host.NewClient(Mallory);
        using var anonymous = host.NewClient();
        var token = Token(await mallory.GetStringAsync(host.Url("/workflows/" + ApprovalWorkflow.Name)));
        var before = await RecordsAsync(host, id);

        using var byMallory = await PostAsync(mallory, host.Url($"/executions/{id}/signal"), ("signal", ApprovalWorkflow.Signal), ("value", "approved"), token);
        using var byAnonymous = await PostAsync(anonymous, host.Url($"/executions/{id}/cancel"), ("reason", "no"));

        Assert.Equal(HttpStatusCode.Forbidden, byMallory.StatusCode);
        Assert.Contains("Not allowed", await byMallory.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Forbidden, byAnonymous.StatusCode);
        await AssertNothingDeliveredAsync(host, id, before);
    }

    [Fact]
    public async Task A_post_without_a_valid_antiforgery_token_is_refused_and_delivers_nothing()
    {
        var host = await DashboardHost.StartWithActionsAsync();
        await using var _ = host;
        var id = await StartPausedAsync(host);
        using var alice = host.NewClient(Alice);
        using var aliceElsewhere = host.NewClient(Alice); // the same user without the token's cookie
        using var mallory = host.NewClient(Mallory);
        await alice.GetStringAsync(host.Url("/executions/" + id)); // alice has the antiforgery cookie
        var aliceToken = Token(await alice.GetStringAsync(host.Url("/executions/" + id)));
        var malloryToken = Token(await mallory.GetStringAsync(host.Url("/workflows/" + ApprovalWorkflow.Name)));
        var before = await RecordsAsync(host, id);

        using var withoutToken = await PostAsync(alice, host.Url($"/executions/{id}/signal"), ("signal", ApprovalWorkflow.Signal), ("value", "approved"));
        using var forgedToken = await PostAsync(alice, host.Url($"/executions/{id}/signal"), ("signal", ApprovalWorkflow.Signal), ("value", "approved"), (aliceToken.Name, "CfDJ8forged"));
        using var othersToken = await PostAsync(alice, host.Url($"/executions/{id}/signal"), ("signal", ApprovalWorkflow.Signal), ("value", "approved"), malloryToken);
        using var withoutCookie = await PostAsync(aliceElsewhere, host.Url($"/executions/{id}/cancel"), ("reason", "no"), aliceToken);

        foreach (var response in new[] { withoutToken, forgedToken, othersToken, withoutCookie })
        {
            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
            Assert.Contains("antiforgery token is missing or not valid", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }
        await AssertNothingDeliveredAsync(host, id, before);
        Assert.Equal(ExecutionStatus.Paused, (await host.WorkflowClient.GetAsync(id))!.Status);
    }

    [Fact]
    public async Task An_operator_cancels_an_execution_and_the_history_says_who()
    {
        var host = await DashboardHost.StartWithActionsAsync();
        await using var _ = host;
        var id = await StartPausedAsync(host);
        using var alice = host.NewClient(Alice);
        var page = await alice.GetStringAsync(host.Url("/executions/" + id));
        Assert.Contains("id=\"action-cancel\"", page, StringComparison.Ordinal);

        using var response = await PostAsync(alice, host.Url($"/executions/{id}/cancel"), ("reason", "superseded by 2.0.1"), Token(page));

        Assert.Equal(HttpStatusCode.SeeOther, response.StatusCode);
        var state = await host.WorkflowClient.GetAsync(id);
        Assert.Equal(ExecutionStatus.CompletedFailure, state!.Status);
        Assert.Equal("superseded by 2.0.1 (cancelled from the dashboard by dashboard:alice)", state.StatusReason);
        var after = await alice.GetStringAsync(host.Url("/executions/" + id));
        Assert.Contains("Finished: nothing to act on.", after, StringComparison.Ordinal);
        Assert.DoesNotContain("id=\"action-signal\"", after, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Resume_sets_the_variables_the_form_gives_and_never_sends_a_secret_back()
    {
        var host = await DashboardHost.StartWithActionsAsync();
        await using var _ = host;
        var id = await host.WorkflowClient.StartAsync(ReviewWorkflow.Name, ReviewWorkflow.Variables());
        await WaitAsync(host, id, s => s.Status == ExecutionStatus.Paused);
        using var alice = host.NewClient(Alice);
        var page = await alice.GetStringAsync(host.Url("/executions/" + id));
        Assert.Contains("id=\"action-resume\"", page, StringComparison.Ordinal);
        Assert.Contains("name=\"var.api_token\" type=\"password\"", page, StringComparison.Ordinal);

        using var response = await PostAsync(alice, host.Url($"/executions/{id}/resume"), ("var.approved", "yes"), ("var.api_token", ReviewWorkflow.SecretToken), ("var.subject", ""), Token(page));

        Assert.Equal(HttpStatusCode.SeeOther, response.StatusCode);
        var finished = await WaitAsync(host, id, s => StatusTransitions.IsTerminal(s.Status));
        Assert.Equal(ExecutionStatus.CompletedSuccess, finished.Status);
        var after = await alice.GetStringAsync(host.Url($"/executions/{id}?done=resume"));
        Assert.Contains("Resume requested", after, StringComparison.Ordinal);
        Assert.DoesNotContain(ReviewWorkflow.SecretToken, after, StringComparison.Ordinal);
        Assert.DoesNotContain(ReviewWorkflow.SecretToken, await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_signal_the_execution_does_not_take_is_refused_naming_those_it_takes()
    {
        var host = await DashboardHost.StartWithActionsAsync();
        await using var _ = host;
        var id = await StartPausedAsync(host);
        using var alice = host.NewClient(Alice);
        var token = Token(await alice.GetStringAsync(host.Url("/executions/" + id)));
        var before = await RecordsAsync(host, id);

        using var response = await PostAsync(alice, host.Url($"/executions/{id}/signal"), ("signal", "<b>launch</b>"), ("value", "1"), token);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var body = await response.Content.ReadAsStringAsync();
        Assert.Contains("approval", body, StringComparison.Ordinal);
        Assert.DoesNotContain("<b>launch</b>", body, StringComparison.Ordinal);
        await AssertNothingDeliveredAsync(host, id, before);
    }

    [Fact]
    public async Task Enabling_actions_without_IrlExec_hosting_fails_at_start_up_naming_what_is_missing()
    {
        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => DashboardHost.StartAsync(o =>
        {
            o.EnableActions = true;
            o.ActionsPolicy = HeaderAuthentication.Policy;
        }));

        Assert.Contains("AddIrlExec", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Enabling_actions_on_a_store_the_host_does_not_use_fails_at_start_up()
    {
        using var other = new TempRoot();
        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => DashboardHost.StartAsync(
            o =>
            {
                o.EnableActions = true;
                o.ActionsPolicy = HeaderAuthentication.Policy;
            },
            (services, _) =>
            {
                services.AddIrlExec(o => o.Root = other.Path);
                HeaderAuthentication.Register(services);
            }));

        Assert.Contains("Leave both unset", error.Message, StringComparison.Ordinal);
    }

    internal static async Task<string> StartPausedAsync(DashboardHost host)
    {
        var id = await host.WorkflowClient.StartAsync(ApprovalWorkflow.Name, ApprovalWorkflow.Variables());
        var state = await WaitAsync(host, id, s => s.Status == ExecutionStatus.Paused);
        Assert.Equal(ApprovalWorkflow.Signal, state.WaitingForSignal);
        await host.WaitUntilIndexedAsync(id);
        return id;
    }

    internal static async Task<ExecutionState> WaitAsync(DashboardHost host, string id, Func<ExecutionState, bool> until)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(120));
        return await host.WorkflowClient.WaitAsync(id, until, timeout.Token);
    }

    /// <summary>The form field of the first form on <paramref name="html"/> that carries an antiforgery token.</summary>
    internal static (string Name, string Value) Token(string html)
    {
        var match = HiddenField().Match(html);
        Assert.True(match.Success, "the page has a form with an antiforgery token");
        return (WebUtility.HtmlDecode(match.Groups["name"].Value), WebUtility.HtmlDecode(match.Groups["value"].Value));
    }

    internal static Task<HttpResponseMessage> PostAsync(HttpClient client, string url, params (string Name, string Value)[] fields) =>
        client.PostAsync(url, new FormUrlEncodedContent(fields.Select(f => new KeyValuePair<string, string>(f.Name, f.Value))));

    private static async Task<int> RecordsAsync(DashboardHost host, string id) =>
        (await new FileSystemExecutionStore(host.Root).ReadAsync(id, CancellationToken.None))!.Count;

    private static async Task AssertNothingDeliveredAsync(DashboardHost host, string id, int recordsBefore)
    {
        var store = new FileSystemExecutionStore(host.Root);
        Assert.Empty(await store.ReadPendingSignalsAsync(id, CancellationToken.None));
        Assert.Equal(recordsBefore, (await store.ReadAsync(id, CancellationToken.None))!.Count);
    }

    [GeneratedRegex("<input type=\"hidden\" name=\"(?<name>[^\"]+)\" value=\"(?<value>[^\"]+)\">")]
    private static partial Regex HiddenField();
}
