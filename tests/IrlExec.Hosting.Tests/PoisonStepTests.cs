using System.Diagnostics;
using System.Globalization;
using IrlExec.Tests.Support;

namespace IrlExec.Hosting.Tests;

/// <summary>
/// Real processes: a step that kills its host process (SIGKILL of itself) every time it runs. Each new host on the root
/// recovers the execution by itself and dies in that step, until the step has been interrupted once more than its
/// MaxRecoveryAttempts (default 3): the next host fails the step instead of running it, the execution pauses with the
/// reason, and that host stays up.
/// </summary>
public sealed class PoisonStepTests : IDisposable
{
    private readonly TempRoot _root = new();
    private readonly string _effects;

    public PoisonStepTests() => _effects = Path.Combine(_root.Path, "side-effects");

    [Fact]
    public async Task A_step_that_kills_every_host_that_runs_it_is_run_four_times_then_fails_and_the_next_host_stays_up()
    {
        var deaths = new List<int>();
        string id;
        using (var first = Launch(1, poison: true))
        {
            id = await first.StartedAsync();
            await first.ExitAsync(); // killed itself in step 2
            deaths.Add(first.Pid);
        }
        // Each restart recovers the execution by itself (nobody resumes it) and dies in step 2 again.
        for (var restart = 1; restart <= 3; restart++)
        {
            using var host = Launch(0);
            await host.ExitAsync();
            deaths.Add(host.Pid);
        }

        var runner = WorkflowRunner.ForDirectory(_root.Path);
        using (var survivor = Launch(0))
        {
            await Until(async () => (await runner.GetStateAsync(id))?.Status == ExecutionStatus.Paused, survivor);
            // Several of its worker's polls (200 ms) later it still runs: nothing picks the failed step up again.
            await Task.Delay(TimeSpan.FromSeconds(3));
            Assert.False(survivor.Process.HasExited, "The host died after the budget was used up:\n" + survivor.Output);
            Assert.Empty(EffectsOf(survivor.Pid));
            await ChildProgram.StopAsync(survivor.Process);
            Assert.Equal(0, survivor.Process.ExitCode);
        }

        var state = (await runner.GetStateAsync(id))!;
        Assert.Equal(ExecutionStatus.Paused, state.Status);
        Assert.Equal(StepStatus.Completed, state.FindStep(1)!.Status);
        Assert.Equal(StepStatus.Failed, state.FindStep(2)!.Status);
        Assert.Equal(StepStatus.Pending, state.FindStep(3)!.Status);
        Assert.StartsWith("step 2 (effect-2) failed: interrupted", state.StatusReason, StringComparison.Ordinal);
        Assert.Contains("4 interrupted attempts, more than MaxRecoveryAttempts = 3", state.StatusReason, StringComparison.Ordinal);

        var history = (await runner.Store.ReadAsync(id, default))!;
        Assert.Equal(4, history.Count(r => r.Kind == ExecutionEventKind.StepStarted && r.Step == 2));
        Assert.Equal(4, history.Count(r => r.Kind == ExecutionEventKind.StepFailed && r.Step == 2 && r.Message!.StartsWith("interrupted", StringComparison.Ordinal)));
        // Step 2's side effect ran once in each host that died, step 1's once in the first.
        foreach (var pid in deaths) Assert.Contains((id, 2), EffectsOf(pid));
        Assert.Equal(4, deaths.Sum(pid => EffectsOf(pid).Count(e => e == (id, 2))));
        Assert.Equal(1, deaths.Sum(pid => EffectsOf(pid).Count(e => e == (id, 1))));

        // The views show it as any step failure: the execution state file and the log name the reason, the manifest's
        // Active table shows it as an error.
        var layout = new ExecutionLayout(_root.Path);
        var manifestRow = File.ReadAllLines(layout.ManifestFile).Single(l => l.Contains(state.RunLabel, StringComparison.Ordinal));
        Assert.Contains("⚠️ Error: step 2 (effect-2) failed: interrupted", manifestRow, StringComparison.Ordinal);
        Assert.Contains("MaxRecoveryAttempts = 3", await File.ReadAllTextAsync(layout.MarkdownFile(id)), StringComparison.Ordinal);
        Assert.Contains("MaxRecoveryAttempts = 3", await File.ReadAllTextAsync(layout.LogFile(state.RunLabel)), StringComparison.Ordinal);
    }

    private List<(string Id, int Order)> EffectsOf(int pid)
    {
        var file = $"{_effects}.{pid}";
        if (!File.Exists(file)) return [];
        return File.ReadAllLines(file).Where(l => l.Length > 0).Select(l => l.Split(' '))
            .Select(p => (p[0], int.Parse(p[1], CultureInfo.InvariantCulture))).ToList();
    }

    private static async Task Until(Func<Task<bool>> condition, HostProcess host)
    {
        var deadline = DateTime.UtcNow.AddSeconds(90);
        while (!await condition())
        {
            Assert.True(DateTime.UtcNow < deadline, "Timed out; the host said:\n" + host.Output);
            Assert.False(host.Process.HasExited, "The host exited:\n" + host.Output);
            await Task.Delay(25);
        }
    }

    private HostProcess Launch(int executions, bool poison = false) => new(_root.Path, _effects, executions, poison);

    public void Dispose() => _root.Dispose();

    /// <summary>A host process (tests/IrlExec.Hosting.WorkerHost) on the root, which may die at any moment.</summary>
    private sealed class HostProcess : IDisposable
    {
        private readonly System.Text.StringBuilder _output = new();
        private readonly TaskCompletionSource<string> _started = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public HostProcess(string root, string effects, int executions, bool poison)
        {
            var info = new ProcessStartInfo("dotnet") { RedirectStandardInput = true, RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
            foreach (var argument in new[] { ChildProgram.Dll("IrlExec.Hosting.WorkerHost"), root, effects, executions.ToString(CultureInfo.InvariantCulture), poison ? "poison" : "-" })
            {
                info.ArgumentList.Add(argument);
            }
            Process = Process.Start(info)!;
            Process.OutputDataReceived += (_, e) =>
            {
                if (e.Data is null) return;
                lock (_output) _output.AppendLine(e.Data);
                if (e.Data.StartsWith("STARTED ", StringComparison.Ordinal)) _started.TrySetResult(e.Data["STARTED ".Length..]);
            };
            Process.ErrorDataReceived += (_, e) =>
            {
                if (e.Data is null) return;
                lock (_output) _output.AppendLine("stderr: " + e.Data);
            };
            Process.BeginOutputReadLine();
            Process.BeginErrorReadLine();
        }

        public Process Process { get; }

        public int Pid => Process.Id;

        public string Output
        {
            get
            {
                lock (_output) return _output.ToString();
            }
        }

        public Task<string> StartedAsync() => _started.Task.WaitAsync(TimeSpan.FromSeconds(90));

        /// <summary>Waits for the process to die by itself (the poison step's SIGKILL).</summary>
        public async Task ExitAsync()
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(90));
            try
            {
                await Process.WaitForExitAsync(timeout.Token);
            }
            catch (OperationCanceledException)
            {
                Assert.Fail("The host did not die in the poison step:\n" + Output);
            }
            Assert.Equal(137, Process.ExitCode); // 128 + SIGKILL
        }

        public void Dispose() => ChildProgram.Kill(Process);
    }
}
