using System.Net;
using System.Text.RegularExpressions;
using IrlExec.Cli.Tests.Support;

namespace IrlExec.Cli.Tests;

/// <summary><c>irlexec dashboard</c>: the dashboard of a root, served on 127.0.0.1 until the command is cancelled (Ctrl+C).</summary>
public sealed partial class DashboardCommandTests
{
    [Fact]
    public async Task Dashboard_serves_the_roots_executions_on_loopback_until_cancelled()
    {
        using var root = new TempRoot();
        var id = await Samples.StartPausedDeployAsync(root);
        using var stop = new CancellationTokenSource();
        var output = new SharedWriter();
        var serving = Irlexec.RunAsync(["dashboard", "--root", root.Path, "--port", "0", "--assembly", Samples.Deploy], stop.Token, output);

        var url = await WaitForUrlAsync(output, serving);
        Assert.Equal("127.0.0.1", url.Host);
        using var client = new HttpClient();
        var list = await client.GetStringAsync(url);
        Assert.Contains(id, list, StringComparison.Ordinal);
        Assert.Contains("PAUSED", list, StringComparison.Ordinal);
        var page = await client.GetStringAsync(new Uri(url, "executions/" + id));
        Assert.Contains("<svg class=\"plan-graph\"", page, StringComparison.Ordinal);
        // --assembly: the workflow page offers a SIMULATION of the deploy workflow.
        var workflow = await client.GetStringAsync(new Uri(url, "workflows/deploy"));
        Assert.Contains("Run a SIMULATION", workflow, StringComparison.Ordinal);
        // Read-only: nothing is mapped that changes an execution.
        var post = await client.PostAsync(new Uri(url, "executions/" + id + "/resume"), new StringContent(""));
        Assert.Contains(post.StatusCode, new[] { HttpStatusCode.NotFound, HttpStatusCode.MethodNotAllowed });

        await stop.CancelAsync();
        var result = await serving.WaitAsync(TimeSpan.FromSeconds(120));
        Assert.True(result.ExitCode == ExitCodes.Ok, result.ToString());
        await Assert.ThrowsAsync<HttpRequestException>(() => client.GetStringAsync(url));
    }

    [Fact]
    public async Task Dashboard_for_a_missing_root_says_so()
    {
        var result = await Irlexec.RunAsync("dashboard", "--root", Path.Combine(Path.GetTempPath(), "no-such-root-" + Guid.NewGuid().ToString("N")), "--port", "0");
        Assert.Equal(ExitCodes.RootNotFound, result.ExitCode);
        Assert.Contains("does not exist", result.Error, StringComparison.Ordinal);
    }

    private static async Task<Uri> WaitForUrlAsync(SharedWriter output, Task<CliResult> serving)
    {
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (DateTime.UtcNow < deadline)
        {
            if (serving.IsCompleted) Assert.Fail("irlexec dashboard stopped: " + await serving);
            if (Address().Match(output.ToString()) is { Success: true } match) return new Uri(match.Value);
            await Task.Delay(50);
        }
        throw new TimeoutException("irlexec dashboard printed no address: " + output);
    }

    [GeneratedRegex(@"http://127\.0\.0\.1:\d+/")]
    private static partial Regex Address();
}
