using System.Diagnostics;
using System.Globalization;
using IrlExec.Tests.Support;
using static IrlExec.PostgreSql.Tests.Support.QueueRace;

namespace IrlExec.PostgreSql.Tests;

/// <summary>
/// A worker's leases outlive a starved thread pool: steps that block every pool thread (waiting synchronously on async
/// work, spinning on the CPU) do not stop the heartbeat, so no other worker takes their executions over and runs their
/// side effects again while they still run.
/// </summary>
public sealed class StarvedHeartbeatTests : StoreFixture
{
    private const int LeaseSeconds = 6;

    [SkippableFact]
    public Task The_heartbeat_renews_a_lease_while_every_thread_pool_thread_is_blocked() => RenewsWhileStarvedAsync(breakConnections: false);

    [SkippableFact]
    public Task The_heartbeat_reconnects_and_renews_when_its_connection_breaks_while_the_pool_is_starved() => RenewsWhileStarvedAsync(breakConnections: true);

    // breakConnections: once the child's pool is starved, the database ends every connection the child holds (the
    // heartbeat's among them), as a restarted server or a dropped network would.
    private async Task RenewsWhileStarvedAsync(bool breakConnections)
    {
        var application = "starved-" + Guid.NewGuid().ToString("N")[..12];
        var connection = PostgresServer.Require() + ";Application Name=" + application;
        await Open().EnsureSchemaAsync();
        var info = new ProcessStartInfo("dotnet") { RedirectStandardInput = true, RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in new[] { ChildProgram.Dll("IrlExec.PostgreSql.FleetWorker"), "starve", connection, Schema, "exec_starved", LeaseSeconds.ToString(CultureInfo.InvariantCulture), "500" })
        {
            info.ArgumentList.Add(argument);
        }
        var child = Process.Start(info)!;
        try
        {
            var errors = child.StandardError.ReadToEndAsync();
            var starved = await ReadLineStartingAsync(child, "STARVED ", errors);
            var epoch = long.Parse(starved, CultureInfo.InvariantCulture);
            var starvedAt = await PostgresServer.ScalarAsync<DateTime>("SELECT now()");
            if (breakConnections)
            {
                var ended = await PostgresServer.ScalarAsync<long>(
                    "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity WHERE application_name = $1", application);
                Assert.True(ended > 0, "no connection of the child was found to end");
            }

            // Two lease durations by the database's clock since every pool thread of the child was blocked: a lease
            // not renewed meanwhile has run out by then.
            await WaitUntilAsync(() => PostgresServer.ScalarAsync<bool>($"SELECT now() > $1 + interval '{2 * LeaseSeconds} seconds'", starvedAt), "two lease durations to pass");

            if (!await PostgresServer.ScalarAsync<bool>(
                $"SELECT EXISTS (SELECT 1 FROM {Schema}.leases WHERE execution_id = 'exec_starved' AND epoch = $1 AND expires_at > now())", epoch))
            {
                var lease = await PostgresServer.ScalarAsync<string>(
                    $"SELECT coalesce((SELECT format('epoch %s expires %s, now %s', epoch, expires_at, now()) FROM {Schema}.leases WHERE execution_id = 'exec_starved'), 'no lease row')");
                ChildProgram.Kill(child);
                Assert.Fail($"the lease ran out while the child's thread pool was starved: {lease}\nthe child's heartbeat:\n{await errors}");
            }
            if (breakConnections)
            {
                // The renewals came over a connection the starved child opened after its connections were ended.
                Assert.True(
                    await PostgresServer.ScalarAsync<bool>("SELECT EXISTS (SELECT 1 FROM pg_stat_activity WHERE application_name = $1 AND backend_start > $2)", application, starvedAt),
                    "the child opened no connection after its connections were ended");
            }
            await ChildProgram.StopAsync(child);
            Assert.Equal(0, child.ExitCode);
        }
        finally
        {
            ChildProgram.Kill(child);
        }
    }

    private static async Task<string> ReadLineStartingAsync(Process child, string prefix, Task<string> errors)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(120));
        while (await child.StandardOutput.ReadLineAsync(timeout.Token) is { } line)
        {
            if (line.StartsWith(prefix, StringComparison.Ordinal)) return line[prefix.Length..];
        }
        throw new InvalidOperationException($"The child exited without printing '{prefix}': {await errors}");
    }
}
