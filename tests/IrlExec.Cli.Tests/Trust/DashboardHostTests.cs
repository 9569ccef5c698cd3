using System.Net;
using System.Text.RegularExpressions;
using IrlExec.Cli.Tests.Support;

namespace IrlExec.Cli.Tests.Trust;

/// <summary>
/// <c>irlexec dashboard</c> listens on loopback for the person at this machine: a request that names another host (a web
/// page whose name was made to resolve to 127.0.0.1, DNS rebinding) is refused, so no other site's script reads a page.
/// </summary>
public sealed partial class DashboardHostTests
{
    [Fact]
    public async Task A_request_for_another_host_name_is_refused_and_loopback_names_are_served()
    {
        using var root = new TempRoot();
        var id = await Samples.StartPausedDeployAsync(root);
        using var stop = new CancellationTokenSource();
        var output = new SharedWriter();
        var serving = Irlexec.RunAsync(["dashboard", "--root", root.Path, "--port", "0"], stop.Token, output);
        try
        {
            var url = await WaitForUrlAsync(output, serving);
            using var client = new HttpClient();
            foreach (var host in new[] { "attacker.example:" + url.Port, "attacker.example", "127.0.0.1.attacker.example:" + url.Port })
            {
                using var request = new HttpRequestMessage(HttpMethod.Get, url);
                request.Headers.Host = host;
                using var response = await client.SendAsync(request);
                var body = await response.Content.ReadAsStringAsync();
                Assert.True(response.StatusCode == HttpStatusCode.BadRequest, $"Host {host}: {response.StatusCode}");
                Assert.DoesNotContain(id, body, StringComparison.Ordinal);
            }
            foreach (var host in new[] { "127.0.0.1:" + url.Port, "localhost:" + url.Port, "LOCALHOST:" + url.Port })
            {
                using var request = new HttpRequestMessage(HttpMethod.Get, url);
                request.Headers.Host = host;
                using var response = await client.SendAsync(request);
                Assert.True(response.StatusCode == HttpStatusCode.OK, $"Host {host}: {response.StatusCode}");
                Assert.Contains(id, await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
            }
        }
        finally
        {
            await stop.CancelAsync();
            var result = await serving.WaitAsync(TimeSpan.FromSeconds(120));
            Assert.True(result.ExitCode == ExitCodes.Ok, result.ToString());
        }
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
