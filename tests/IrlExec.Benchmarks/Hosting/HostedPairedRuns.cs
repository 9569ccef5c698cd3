using System.Diagnostics;
using System.Globalization;
using IrlExec.Benchmarks.Infrastructure;
using IrlExec.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace IrlExec.Benchmarks.Hosting;

/// <summary>
/// <c>hosted-paired N</c>: a supporting figure for <see cref="HostedWorkerBenchmarks"/>, outside BenchmarkDotNet. The same
/// two cases (the bare runner on a filesystem root with every view, and the run started with
/// <c>IWorkflowClient.StartAsync</c> and awaited with <c>WaitAsync</c> on a real host with <c>AddIrlExec</c>), but run in
/// alternation, one run of each in turn (the order swapped every pair), so that a change of the machine's load or of the
/// disk's state weighs on both alike; BenchmarkDotNet measures one case after the other. Prints the medians and means
/// per step and their ratios, and the bytes allocated per step (process-wide, background work included).
/// </summary>
internal static class HostedPairedRuns
{
    private const int Steps = 20;

    public static async Task RunAsync(int pairs)
    {
        var root = BenchWorkflows.NewRoot("hosted-paired");
        var workflow = BenchWorkflows.Typical("hosted", Steps, static () => new TypicalStep());
        var bare = WorkflowRunner.ForDirectory(Path.Combine(root, "bare"));
        var builder = Host.CreateApplicationBuilder();
        builder.Logging.ClearProviders();
        builder.Services.AddIrlExec(o => o.Root = Path.Combine(root, "hosted")).AddWorkflow(workflow);
        using var host = builder.Build();
        await host.StartAsync().ConfigureAwait(false);
        var client = host.Services.GetRequiredService<IWorkflowClient>();
        async Task Bare()
        {
            var result = await bare.RunAsync(workflow, BenchWorkflows.Variables()).ConfigureAwait(false);
            if (!result.Succeeded) throw new InvalidOperationException("The run did not complete: " + result.Status);
        }
        async Task Hosted()
        {
            var id = await client.StartAsync(workflow, BenchWorkflows.Variables()).ConfigureAwait(false);
            var state = await client.WaitAsync(id).ConfigureAwait(false);
            if (state.Status != ExecutionStatus.CompletedSuccess) throw new InvalidOperationException("The run did not complete: " + state.Status);
        }
        try
        {
            for (var i = 0; i < 20; i++)
            {
                await Bare().ConfigureAwait(false);
                await Hosted().ConfigureAwait(false);
            }
            var bareTimes = new List<double>(pairs);
            var hostedTimes = new List<double>(pairs);
            long bareBytes = 0, hostedBytes = 0;
            for (var i = 0; i < pairs; i++)
            {
                foreach (var hosted in i % 2 == 0 ? [false, true] : new[] { true, false })
                {
                    var allocated = GC.GetTotalAllocatedBytes(precise: true);
                    var started = Stopwatch.GetTimestamp();
                    await (hosted ? Hosted() : Bare()).ConfigureAwait(false);
                    var perStep = Stopwatch.GetElapsedTime(started).TotalMicroseconds / Steps;
                    allocated = GC.GetTotalAllocatedBytes(precise: true) - allocated;
                    (hosted ? hostedTimes : bareTimes).Add(perStep);
                    if (hosted) hostedBytes += allocated;
                    else bareBytes += allocated;
                }
            }
            static double Median(List<double> values)
            {
                var sorted = values.Order().ToList();
                return sorted.Count % 2 == 1 ? sorted[sorted.Count / 2] : (sorted[(sorted.Count / 2) - 1] + sorted[sorted.Count / 2]) / 2;
            }
            var inv = CultureInfo.InvariantCulture;
            Console.WriteLine(string.Create(inv, $"hosted-paired: {pairs} pairs of 20-step runs, filesystem root + every view, per step"));
            Console.WriteLine(string.Create(inv, $"  bare runner      median {Median(bareTimes),9:F1} us  mean {bareTimes.Average(),9:F1} us  allocated {bareBytes / (double)pairs / Steps / 1024,6:F2} KB"));
            Console.WriteLine(string.Create(inv, $"  hosted worker    median {Median(hostedTimes),9:F1} us  mean {hostedTimes.Average(),9:F1} us  allocated {hostedBytes / (double)pairs / Steps / 1024,6:F2} KB"));
            Console.WriteLine(string.Create(inv, $"  hosted / bare    median {Median(hostedTimes) / Median(bareTimes):F3}  mean {hostedTimes.Average() / bareTimes.Average():F3}  allocated {hostedBytes / (double)bareBytes:F3}"));
        }
        finally
        {
            await host.StopAsync().ConfigureAwait(false);
            BenchWorkflows.DeleteRoot(root);
        }
    }
}
