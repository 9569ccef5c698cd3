using System.Globalization;
using IrlExec.PostgreSql;

/// <summary>
/// The starved-pool mode (tests/IrlExec.PostgreSql.Tests/StarvedHeartbeatTests.cs): takes the lease of one execution,
/// then blocks every thread of the thread pool, as steps that wait synchronously on async work or spin on the CPU do,
/// and keeps them blocked until its standard input closes. Prints "STARVED &lt;epoch&gt;" once every pool thread is
/// blocked. Runs on the process's main thread, never on the pool.
/// </summary>
internal static class StarvedLease
{
    public const string Mode = "starve";

    // Usage: FleetWorker starve <connection string> <schema> <execution id> <lease seconds> <heartbeat ms>
    public static int Run(string[] args)
    {
        var (connection, schema, executionId) = (args[0], args[1], args[2]);
        var lease = TimeSpan.FromSeconds(double.Parse(args[3], CultureInfo.InvariantCulture));
        var heartbeat = TimeSpan.FromMilliseconds(double.Parse(args[4], CultureInfo.InvariantCulture));
        var store = new PostgreSqlExecutionStore(new PostgreSqlStoreOptions { ConnectionString = connection, Schema = schema, LeaseDuration = lease, HeartbeatInterval = heartbeat });
        var held = store.AcquireLeaseAsync(executionId, CancellationToken.None).AsTask().GetAwaiter().GetResult();

        // No more pool threads than processors, so the pool cannot grow its way out of the starvation; then one blocked
        // work item per thread, and more queued behind them.
        var threads = Environment.ProcessorCount;
        if (!ThreadPool.SetMinThreads(1, 1) || !ThreadPool.SetMaxThreads(threads, threads))
        {
            Console.Error.WriteLine("could not limit the thread pool");
            return 2;
        }
        using var release = new ManualResetEventSlim();
        using var blocked = new CountdownEvent(threads);
        var signalled = 0;
        for (var i = 0; i < threads * 4; i++)
        {
            ThreadPool.UnsafeQueueUserWorkItem(_ =>
            {
                if (Interlocked.Increment(ref signalled) <= threads) blocked.Signal();
                release.Wait();
            }, null);
        }
        blocked.Wait();
        // What the heartbeat did while the pool was starved, on standard error for the test's failure message (a thread of
        // its own: the pool's threads are all blocked).
        new Thread(() =>
        {
            while (!release.IsSet)
            {
                var (renewals, error) = store.HeartbeatStatus;
                Console.Error.WriteLine($"{DateTime.UtcNow:HH:mm:ss.fff} heartbeat: {renewals} renewals, last error: {error?.GetType().Name}: {error?.Message}");
                Thread.Sleep(1000);
            }
        }) { IsBackground = true }.Start();
        Console.Out.WriteLine("STARVED " + store.LeaseEpoch(executionId)!.Value.ToString(CultureInfo.InvariantCulture));
        Console.Out.Flush();

        Console.In.ReadToEnd();
        release.Set();
        held.DisposeAsync().AsTask().GetAwaiter().GetResult();
        store.DisposeAsync().AsTask().GetAwaiter().GetResult();
        return 0;
    }
}
