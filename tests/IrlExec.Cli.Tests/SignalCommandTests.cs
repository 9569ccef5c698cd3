using IrlExec.Cli.Tests.Support;

namespace IrlExec.Cli.Tests;

/// <summary><c>irlexec signal</c>: delivers a signal to an execution of a root; refuses what the execution cannot take.</summary>
public sealed class SignalCommandTests : IDisposable
{
    private readonly TempRoot _root = new();

    public void Dispose() => _root.Dispose();

    // A hand-written workflow whose only step waits for the "approval" signal.
    private static WorkflowDefinition Approval()
    {
        var plan = new StepPlan { Order = 1, Name = "await-approval", Signals = [new StepSignalPlan { Name = "approval", TypeName = "Decision" }, new StepSignalPlan { Name = "budget", TypeName = "decimal" }] };
        return new WorkflowDefinition(new WorkflowPlan { Name = "approval", Steps = [plan] }, [StepDefinition.Create(plan, () => new WaitingStep())]);
    }

    private sealed class WaitingStep : IStep
    {
        public ValueTask ExecuteAsync(StepContext context, CancellationToken cancellationToken)
        {
            context.WaitForSignal("approval");
            return ValueTask.CompletedTask;
        }
    }

    private async Task<string> StartWaitingAsync() => (await WorkflowRunner.ForDirectory(_root.Path).RunAsync(Approval())).ExecutionId;

    [Fact]
    public async Task A_signal_is_recorded_in_the_history_and_shown_by_status()
    {
        var id = await StartWaitingAsync();

        var result = await Irlexec.RunAsync("signal", id, "approval", "--value", "{\"approved\":true}", "--actor", "human:samson", "--root", _root.Path);
        var status = await Irlexec.RunAsync("status", id, "--root", _root.Path, "--json");

        Assert.Equal(ExitCodes.Ok, result.ExitCode);
        Assert.Contains("Signal 'approval' recorded", result.Out, StringComparison.Ordinal);
        var signal = Assert.Single(status.Json().GetProperty("signals").EnumerateArray());
        Assert.Equal("approval", signal.GetProperty("name").GetString());
        Assert.Equal("{\"approved\":true}", signal.GetProperty("value").GetString());
        Assert.Equal("human:samson", signal.GetProperty("sender").GetString());
        Assert.Equal("approval", status.Json().GetProperty("waiting_for_signal").GetString());
        var history = await new FileSystemExecutionStore(_root.Path).ReadAsync(id, default);
        Assert.Contains(history!, r => r.Kind == ExecutionEventKind.SignalReceived && r.Name == "approval");
    }

    [Fact]
    public async Task An_unknown_signal_name_is_refused_with_the_names_the_execution_takes()
    {
        var id = await StartWaitingAsync();

        var result = await Irlexec.RunAsync("signal", id, "aproval", "--root", _root.Path);

        Assert.Equal(ExitCodes.Usage, result.ExitCode);
        Assert.Contains("it takes: approval, budget", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_signal_to_an_unknown_execution_exits_4()
    {
        await StartWaitingAsync();

        var result = await Irlexec.RunAsync("signal", "exec_nope", "approval", "--root", _root.Path);

        Assert.Equal(ExitCodes.UnknownId, result.ExitCode);
    }

    [Fact]
    public async Task A_value_that_is_not_json_is_refused()
    {
        var id = await StartWaitingAsync();

        var result = await Irlexec.RunAsync("signal", id, "approval", "--value", "yes please", "--root", _root.Path);

        Assert.Equal(ExitCodes.Failed, result.ExitCode);
        Assert.Contains("not JSON", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Json_output_says_whether_the_signal_is_recorded()
    {
        var id = await StartWaitingAsync();

        var result = await Irlexec.RunAsync("signal", id, "budget", "--value", "12.5", "--root", _root.Path, "--json");

        Assert.Equal(ExitCodes.Ok, result.ExitCode);
        Assert.Equal("recorded", result.Json().GetProperty("delivery").GetString());
    }
}
