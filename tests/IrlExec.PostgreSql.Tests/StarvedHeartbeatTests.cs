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
    public async Task The_heartbeat_renews_a_lease_while_every_thread_pool_thread_is_blocked()
    {
        var connection = PostgresServer.Require();
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
