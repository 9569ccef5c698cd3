using System.Diagnostics;
using System.Globalization;

namespace IrlExec.Tests.Support;

/// <summary>
/// A real worker process of the fleet (tests/IrlExec.PostgreSql.FleetWorker) on one database: started, its output kept
/// for failure messages, stopped gracefully or killed.
/// </summary>
internal sealed class FleetWorkerProcess : IDisposable
{
    private readonly System.Text.StringBuilder _output = new();

    private FleetWorkerProcess(Process process) => Process = process;

    public Process Process { get; }

    public int Pid => Process.Id;

    /// <summary>The lease owner the worker announced ("" when it died before announcing one).</summary>
    public string Owner { get; private set; } = "";

    /// <summary>What the worker wrote so far, standard error lines marked "stderr: ".</summary>
    public string Output
    {
        get
        {
            lock (_output) return _output.ToString();
        }
    }

    /// <summary>
    /// Starts a worker with leases of <paramref name="leaseSeconds"/> running up to <paramref name="concurrency"/>
    /// executions at once, and waits (up to a minute) until it says it is ready, or, with
    /// <paramref name="mayExitBeforeReady"/>, until it has exited.
    /// </summary>
    public static async Task<FleetWorkerProcess> StartAsync(string connection, string schema, string sideEffects, double leaseSeconds, int concurrency, bool mayExitBeforeReady = false)
    {
        var info = new ProcessStartInfo("dotnet") { RedirectStandardInput = true, RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in new[] { ChildProgram.Dll("IrlExec.PostgreSql.FleetWorker"), connection, schema, sideEffects, leaseSeconds.ToString(CultureInfo.InvariantCulture), concurrency.ToString(CultureInfo.InvariantCulture) })
        {
            info.ArgumentList.Add(argument);
        }
        var worker = new FleetWorkerProcess(Process.Start(info)!);
        var ready = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        worker.Process.OutputDataReceived += (_, e) =>
        {
            if (e.Data is null) return;
            lock (worker._output) worker._output.AppendLine(e.Data);
            if (e.Data.StartsWith("READY ", StringComparison.Ordinal)) ready.TrySetResult(e.Data["READY ".Length..]);
        };
        worker.Process.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is null) return;
            lock (worker._output) worker._output.AppendLine("stderr: " + e.Data);
        };
        worker.Process.BeginOutputReadLine();
        worker.Process.BeginErrorReadLine();
        if (mayExitBeforeReady)
        {
            await Task.WhenAny(ready.Task, worker.Process.WaitForExitAsync()).WaitAsync(TimeSpan.FromSeconds(60));
            if (ready.Task.IsCompleted) worker.Owner = ready.Task.Result;
        }
        else
        {
            worker.Owner = await ready.Task.WaitAsync(TimeSpan.FromSeconds(60));
        }
        return worker;
    }

    /// <summary>Closes the worker's standard input (its signal to stop) and waits for it to exit.</summary>
    public Task StopAsync() => ChildProgram.StopAsync(Process);

    public void Dispose() => ChildProgram.Kill(Process);
}
