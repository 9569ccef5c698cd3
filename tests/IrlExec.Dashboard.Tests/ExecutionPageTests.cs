using System.Net;
using IrlExec.Dashboard.Tests.Support;

namespace IrlExec.Dashboard.Tests;

/// <summary>One execution's page, fetched over HTTP from a real server, for an execution run for real under the root.</summary>
public sealed class ExecutionPageTests
{
    private static async Task<(DashboardHost Host, string Id)> PausedReviewAsync()
    {
        var host = await DashboardHost.StartAsync(o => o.Workflows.Add(ReviewWorkflow.Create()));
        var result = await host.Runner().RunAsync(ReviewWorkflow.Create(), ReviewWorkflow.Variables());
        Assert.Equal(ExecutionStatus.Paused, result.Status);
        return (host, result.ExecutionId);
    }

    [Fact]
    public async Task A_step_output_holding_a_script_tag_is_shown_as_text()
    {
        var (host, id) = await PausedReviewAsync();
        await using var _ = host;
        var html = await host.Client.GetStringAsync(host.Url("/executions/" + id));

        Assert.Contains("&lt;script&gt;window.__pwned=1&lt;/script&gt;", html, StringComparison.Ordinal);
        Assert.DoesNotContain("<script>window.__pwned", html, StringComparison.Ordinal);
        Assert.DoesNotContain("<img src=x", html, StringComparison.Ordinal);
        Assert.DoesNotContain("<b>200 OK</b>", html, StringComparison.Ordinal);
        // The only script element is the dashboard's own.
        Assert.Equal(1, Count(html, "<script"));
    }

    [Fact]
    public async Task The_page_shows_the_steps_with_status_attempts_and_estimated_against_actual_figures()
    {
        var (host, id) = await PausedReviewAsync();
        await using var _ = host;
        var html = await host.Client.GetStringAsync(host.Url("/executions/" + id));

        Assert.Contains("<table class=\"steps\">", html, StringComparison.Ordinal);
        Assert.Contains("data-step=\"1\"", html, StringComparison.Ordinal);
        Assert.Contains("<span class=\"status s-completed\">COMPLETED</span>", html, StringComparison.Ordinal);
        Assert.Contains("<span id=\"execution-status\" class=\"status s-paused\">PAUSED</span>", html, StringComparison.Ordinal);
        Assert.Contains("human approval", html, StringComparison.Ordinal);
        Assert.Contains("waiting for human approval of the findings", html, StringComparison.Ordinal);
        Assert.Contains("$0.05 estimated", html, StringComparison.Ordinal); // 0.01 + 0 + 0.04
        Assert.Contains("<svg class=\"chart\"", html, StringComparison.Ordinal);
        Assert.Contains("<svg class=\"plan-graph\"", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_plan_graph_has_a_box_per_step_and_an_arrow_per_variable_passed_on()
    {
        var (host, id) = await PausedReviewAsync();
        await using var _ = host;
        var html = await host.Client.GetStringAsync(host.Url("/executions/" + id));
        var svg = Between(html, "<svg class=\"plan-graph\"", "</svg>");

        Assert.Equal(3, Count(svg, "<g class=\"node "));
        Assert.Contains("class=\"node n-completed\" data-step=\"1\"", svg, StringComparison.Ordinal);
        // The step that paused is the current one (its attempt ended FAILED, or PAUSED where the runner records pauses apart).
        Assert.Matches("class=\"node n-(failed|paused) current\" data-step=\"2\"", svg);
        Assert.Contains("class=\"node n-pending\" data-step=\"3\"", svg, StringComparison.Ordinal);
        // findings: 1 -> 2, decision: 2 -> 3; subject and api_token are initial variables (subject read by 1 and 3).
        Assert.Equal(2, Count(svg, "class=\"edge-data\""));
        Assert.Contains(">findings</text>", svg, StringComparison.Ordinal);
        Assert.Contains(">decision</text>", svg, StringComparison.Ordinal);
        Assert.Equal(2, Count(svg, "<g class=\"variable\">"));
        Assert.Equal(3, Count(svg, "class=\"edge-input\""));
        Assert.Equal(2, Count(svg, "class=\"edge-sequence\""));
    }

    [Fact]
    public async Task The_page_shows_variables_log_tail_tool_calls_state_changes_and_the_markdown()
    {
        var host = await DashboardHost.StartAsync();
        await using var _ = host;
        var result = await host.Runner().RunAsync(ReviewWorkflow.Create(), ReviewWorkflow.Variables(approved: true));
        Assert.Equal(ExecutionStatus.CompletedSuccess, result.Status);
        var html = await host.Client.GetStringAsync(host.Url("/executions/" + result.ExecutionId));

        var variables = Between(html, "<table class=\"variables\">", "</table>");
        Assert.Contains("<td>api_token</td><td><span class=\"secret\"", variables, StringComparison.Ordinal);
        Assert.Contains("quarterly-numbers", variables, StringComparison.Ordinal);
        var log = Between(html, "<pre class=\"log\"", "</pre>");
        Assert.Contains("Published the report to reports/quarterly-numbers.txt", log, StringComparison.Ordinal);
        Assert.Contains("[INFO] [review-pipeline] [publish]", log, StringComparison.Ordinal);
        Assert.Contains("<table class=\"tool-calls\">", html, StringComparison.Ordinal);
        Assert.Contains("&lt;b&gt;200 OK&lt;/b&gt;", html, StringComparison.Ordinal);
        Assert.Contains("wrote reports/quarterly-numbers.txt", Between(html, "<table class=\"state-changes\">", "</table>"), StringComparison.Ordinal);
        Assert.Contains("COMPLETED_SUCCESS", Between(html, "<table class=\"transitions\">", "</table>"), StringComparison.Ordinal);
        var markdown = Between(html, "<article class=\"markdown\">", "</article>");
        Assert.Contains("<h2", markdown, StringComparison.Ordinal);
        Assert.Contains("Execution Plan", markdown, StringComparison.Ordinal);
        Assert.Contains("Step 3: publish", markdown, StringComparison.Ordinal);
        // The markdown carries step 1's output too: as text there as everywhere.
        Assert.DoesNotContain("<script>window", markdown, StringComparison.Ordinal);
        // Actual cost above the estimate shows as such in the chart.
        Assert.Contains("class=\"bar-actual over\"", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_unknown_or_malformed_id_is_answered_with_a_404_page()
    {
        var host = await DashboardHost.StartAsync();
        await using var _ = host;

        var unknown = await host.Client.GetAsync(host.Url("/executions/exec_20260101T000000Z_deadbeef"));
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        Assert.Contains("There is no execution &#x27;exec_20260101T000000Z_deadbeef&#x27;", await unknown.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        var malformed = await host.Client.GetAsync(host.Url("/executions/" + Uri.EscapeDataString("..%2f<script>")));
        Assert.Equal(HttpStatusCode.NotFound, malformed.StatusCode);
        var body = await malformed.Content.ReadAsStringAsync();
        Assert.Contains("That is not an execution id", body, StringComparison.Ordinal);
        Assert.DoesNotContain("<script>", body.Replace("<script defer", "", StringComparison.Ordinal), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_damaged_history_is_answered_with_a_page_that_says_so_without_its_content()
    {
        var host = await DashboardHost.StartAsync();
        await using var _ = host;
        var id = "exec_20260101T000000Z_0badf00d";
        var layout = new ExecutionLayout(host.Root);
        Directory.CreateDirectory(layout.StateDirectory);
        await File.WriteAllTextAsync(layout.HistoryFile(id), "{\"not\":\"a record\"} " + ReviewWorkflow.LeakedKey + "\n{\"seq\":2}\n");

        var response = await host.Client.GetAsync(host.Url("/executions/" + id));
        var body = await response.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.InternalServerError, response.StatusCode);
        Assert.Contains("Damaged history", body, StringComparison.Ordinal);
        Assert.DoesNotContain(ReviewWorkflow.LeakedKey, body, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", body, StringComparison.Ordinal); // no stack trace
    }

    [Fact]
    public async Task Every_response_carries_a_content_security_policy_that_allows_only_the_dashboards_own_script()
    {
        var (host, id) = await PausedReviewAsync();
        await using var _ = host;
        foreach (var path in new[] { "/", "/executions/" + id, "/workflows", "/workflows/" + ReviewWorkflow.Name, "/assets/dashboard.js" })
        {
            var response = await host.Client.GetAsync(host.Url(path));
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            var policy = string.Join(";", response.Headers.GetValues("Content-Security-Policy"));
            Assert.Contains("script-src 'self'", policy, StringComparison.Ordinal);
            Assert.Contains("default-src 'none'", policy, StringComparison.Ordinal);
            Assert.Equal("nosniff", response.Headers.GetValues("X-Content-Type-Options").Single());
        }
    }

    [Fact]
    public async Task The_page_loads_nothing_from_anywhere_but_the_dashboard()
    {
        var (host, id) = await PausedReviewAsync();
        await using var _ = host;
        var html = await host.Client.GetStringAsync(host.Url("/executions/" + id));
        foreach (var attribute in new[] { "src=\"", "href=\"" })
        {
            for (var i = html.IndexOf(attribute, StringComparison.Ordinal); i >= 0; i = html.IndexOf(attribute, i + 1, StringComparison.Ordinal))
            {
                var value = html[(i + attribute.Length)..html.IndexOf('"', i + attribute.Length)];
                // Links in the rendered markdown may point elsewhere (a click), but nothing is loaded from there: only
                // the dashboard's own stylesheet and script are loaded.
                if (attribute == "src=\"") Assert.StartsWith("/irlexec/assets/", value, StringComparison.Ordinal);
            }
        }
        Assert.Contains("href=\"/irlexec/assets/dashboard.css?v=", html, StringComparison.Ordinal);
    }

    internal static int Count(string text, string part)
    {
        var count = 0;
        for (var i = text.IndexOf(part, StringComparison.Ordinal); i >= 0; i = text.IndexOf(part, i + part.Length, StringComparison.Ordinal)) count++;
        return count;
    }

    internal static string Between(string text, string start, string end)
    {
        var from = text.IndexOf(start, StringComparison.Ordinal);
        Assert.True(from >= 0, $"'{start}' not found");
        var to = text.IndexOf(end, from, StringComparison.Ordinal);
        Assert.True(to >= 0, $"'{end}' not found after '{start}'");
        return text[from..(to + end.Length)];
    }
}
