using System.Diagnostics;
using IrlExec.Tests.Support;

namespace IrlExec.Hosting.Tests;

/// <summary>
/// Real processes: a host running the worker is SIGKILLed mid-step; a new host on the same root finishes every execution
/// by itself (nobody resumes), and no step whose completion was recorded runs again.
/// </summary>
public sealed class HostCrashTests : IDisposable
{
    private const int Executions = 4;
    // How long each step works after its side effect. The test kills the first host once Executions + 2 side effects are
    // written (some execution is in step 2) and needs every execution still unfinished then: with 3 s steps the first
    // completion comes some 6 s later, a window a loaded machine cannot close by delaying the test's polling or the kill.
    private const int StepMs = 3000;
    private readonly TempRoot _root = new();
    private readonly string _effects;

    public HostCrashTests() => _effects = Path.Combine(_root.Path, "side-effects");

    [Fact]
    public async Task A_SIGKILLed_host_s_executions_are_finished_by_the_next_host_and_no_completed_step_runs_again()
    {
        string[] ids;
        using (var first = await HostProcess.StartAsync(_root.Path, _effects, Executions))
        {
            ids = first.Started;
            Assert.Equal(Executions, ids.Length);
            // Kill it once some executions are past their first step and none is finished: every one is mid-step.
            await Until(() => EffectsOf(first.Pid).Count >= Executions + 2, first);
            first.Process.Kill(); // SIGKILL
            await first.Process.WaitForExitAsync();
        }
        var runner = WorkflowRunner.ForDirectory(_root.Path);
        var atKill = new Dictionary<string, ExecutionState>();
        foreach (var id in ids) atKill[id] = (await runner.GetStateAsync(id))!;
        var interrupted = atKill.Where(p => !StatusTransitions.IsTerminal(p.Value.Status)).Select(p => p.Key).ToHashSet();
        Assert.NotEmpty(interrupted);
        var completedBefore = atKill.SelectMany(p => p.Value.Steps.Where(s => s.Status == StepStatus.Completed).Select(s => (p.Key, s.Order))).ToHashSet();
        Assert.NotEmpty(completedBefore);

        using var second = await HostProcess.StartAsync(_root.Path, _effects, 0);
        await Until(async () =>
        {
            foreach (var id in ids)
            {
                if ((await runner.GetStateAsync(id))?.Status != ExecutionStatus.CompletedSuccess) return false;
            }
            return true;
        }, second);

        var rerun = EffectsOf(second.Pid);
        Assert.Empty(rerun.Intersect(completedBefore)); // no completed step ran again
        Assert.Equal(rerun.Count, rerun.Distinct().Count()); // the new host ran each step at most once
        foreach (var id in ids)
        {
            var state = (await runner.GetStateAsync(id))!;
            Assert.All(state.Steps, s => Assert.Equal(StepStatus.Completed, s.Status));
            for (var order = 1; order <= 3; order++)
            {
                // Every step not completed at the kill ran on the new host, exactly once.
                Assert.Equal(completedBefore.Contains((id, order)) ? 0 : 1, rerun.Count(e => e == (id, order)));
            }
            if (interrupted.Contains(id)) Assert.Contains(state.Training.StateTransitions, t => t.To == ExecutionStatus.Resumed); // recovered by the worker
        }
        await second.StopAsync();
    }

    private List<(string Id, int Order)> EffectsOf(int pid)
    {
        var file = $"{_effects}.{pid}";
        if (!File.Exists(file)) return [];
        using var stream = new FileStream(file, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd().Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(l => l.Split(' ')).Select(p => (p[0], int.Parse(p[1], System.Globalization.CultureInfo.InvariantCulture))).ToList();
    }

    private static Task Until(Func<bool> condition, HostProcess host) => Until(() => Task.FromResult(condition()), host);

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

    public void Dispose() => _root.Dispose();

    /// <summary>A host process (tests/IrlExec.Hosting.WorkerHost) on the root.</summary>
    private sealed class HostProcess : IDisposable
    {
        private readonly System.Text.StringBuilder _output = new();
        private readonly List<string> _started = [];

        private HostProcess(Process process) => Process = process;

        public Process Process { get; }

        public int Pid => Process.Id;

        public string[] Started
        {
            get
            {
                lock (_output) return [.. _started];
            }
        }

        public string Output
        {
            get
            {
                lock (_output) return _output.ToString();
            }
        }

        public static async Task<HostProcess> StartAsync(string root, string effects, int executions)
        {
            var info = new ProcessStartInfo("dotnet") { RedirectStandardInput = true, RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
            foreach (var argument in new[] { HostDll, root, effects, executions.ToString(System.Globalization.CultureInfo.InvariantCulture), "-", StepMs.ToString(System.Globalization.CultureInfo.InvariantCulture) }) info.ArgumentList.Add(argument);
            var host = new HostProcess(Process.Start(info)!);
            var ready = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            host.Process.OutputDataReceived += (_, e) =>
            {
                if (e.Data is null) return;
                lock (host._output)
                {
                    host._output.AppendLine(e.Data);
                    if (e.Data.StartsWith("STARTED ", StringComparison.Ordinal)) host._started.Add(e.Data["STARTED ".Length..]);
                }
                if (e.Data == "READY") ready.TrySetResult();
            };
            host.Process.ErrorDataReceived += (_, e) =>
            {
                if (e.Data is null) return;
                lock (host._output) host._output.AppendLine("stderr: " + e.Data);
            };
            host.Process.BeginOutputReadLine();
            host.Process.BeginErrorReadLine();
            await ready.Task.WaitAsync(TimeSpan.FromSeconds(90));
            return host;
        }

        public Task StopAsync() => ChildProgram.StopAsync(Process);

        public void Dispose() => ChildProgram.Kill(Process);

        private static string HostDll => ChildProgram.Dll("IrlExec.Hosting.WorkerHost");
    }
}
