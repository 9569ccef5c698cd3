using BenchmarkDotNet.Running;

namespace IrlExec.Benchmarks;

/// <summary>
/// Entry point: BenchmarkDotNet's switcher, so every standard option works
/// (<c>--filter '*'</c>, <c>--job short</c>, <c>--list flat</c>, ...). See docs/performance.md for what each suite measures.
/// </summary>
public static class Program
{
    public static void Main(string[] args)
    {
        // `prefill-root N`: makes (or finds) the kept root of N executions the root-size suites use, outside any benchmark
        // (making the 100,000-execution root takes minutes, longer than an in-process benchmark's setup may take).
        if (args is ["prefill-root", var count])
        {
            Console.WriteLine(Infrastructure.RootPrefill.Get(int.Parse(count, System.Globalization.CultureInfo.InvariantCulture)));
            return;
        }
        // `hosted-paired N`: the hosted worker against the bare runner in alternation (see Hosting/HostedPairedRuns).
        if (args is ["hosted-paired", var pairs])
        {
            Hosting.HostedPairedRuns.RunAsync(int.Parse(pairs, System.Globalization.CultureInfo.InvariantCulture)).GetAwaiter().GetResult();
            return;
        }
        // `pg-paired N`: the PostgreSQL floor, step commit and runner in alternation (see PostgreSql/PostgreSqlPairedRuns).
        if (args is ["pg-paired", var rounds])
        {
            PostgreSql.PostgreSqlPairedRuns.RunAsync(int.Parse(rounds, System.Globalization.CultureInfo.InvariantCulture)).GetAwaiter().GetResult();
            return;
        }
        // `durable-paired N`: the fsync'd append floor and a 100-step run with every view in alternation (see Runtime/DurableCommitPairedRuns).
        if (args is ["durable-paired", var durableRounds])
        {
            Runtime.DurableCommitPairedRuns.RunAsync(int.Parse(durableRounds, System.Globalization.CultureInfo.InvariantCulture)).GetAwaiter().GetResult();
            return;
        }
        // `durable-trace N`: where a 100-step durable run's start and end spend their time (see Runtime/DurableRunTrace).
        if (args is ["durable-trace", var traceRuns])
        {
            Runtime.DurableRunTrace.RunAsync(int.Parse(traceRuns, System.Globalization.CultureInfo.InvariantCulture)).GetAwaiter().GetResult();
            return;
        }
        BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
    }
}
