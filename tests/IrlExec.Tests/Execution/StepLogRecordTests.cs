using IrlExec.Tests.Support;

namespace IrlExec.Tests.Execution;

/// <summary>
/// What generated log methods ([StepLog]) call: <c>StepContext.Log(level, message, template, values)</c> records the
/// template and the named values with the line (kept in the history, secrets masked), and
/// <c>RunOptions.MinimumLogLevel</c> / <c>StepContext.IsEnabled</c> decide which lines are written.
/// </summary>
public sealed class StepLogRecordTests
{
    private const string Secret = "pw-93f0c1d7e2";

    private static async Task<IReadOnlyList<ExecutionEvent>> RunAsync(Action<StepContext> body, RunOptions? options = null)
    {
        var store = new InMemoryExecutionStore();
        var variables = new VariableStore();
        variables.Set("password", Secret, isSecret: true);
        var result = await new WorkflowRunner(store).RunAsync(TestWorkflow.Create("logs", StepSpec.Sync("write", (c, _) => body(c))), variables, options);
        Assert.Equal(ExecutionStatus.CompletedSuccess, result.Status);
        return (await store.ReadAsync(result.ExecutionId, CancellationToken.None))!;
    }

    [Fact]
    public async Task A_line_with_named_values_keeps_its_template_and_values_in_the_history()
    {
        var history = await RunAsync(c => c.Log(ExecutionLogLevel.Warn, "Analyzing incident INC-7", "Analyzing incident {IncidentId}",
            [new NamedValue("IncidentId", "INC-7")]));

        var line = Assert.Single(history, r => r.Kind == ExecutionEventKind.LogWritten && r.Message == "Analyzing incident INC-7");
        Assert.Equal(ExecutionLogLevel.Warn, line.Level);
        Assert.Equal("Analyzing incident {IncidentId}", line.Name);
        var value = Assert.Single(line.Values!);
        Assert.Equal(("IncidentId", "INC-7"), (value.Name, value.Value));
    }

    [Fact]
    public async Task A_secret_is_masked_in_the_message_and_in_the_named_values()
    {
        var history = await RunAsync(c => c.Log(ExecutionLogLevel.Info, "Login with " + Secret, "Login with {Password}",
            [new NamedValue("Password", Secret)]));

        var line = Assert.Single(history, r => r.Kind == ExecutionEventKind.LogWritten);
        Assert.Equal("Login with ***", line.Message);
        Assert.Equal("***", Assert.Single(line.Values!).Value);
    }

    [Fact]
    public async Task Lines_below_the_minimum_level_are_not_written_and_IsEnabled_says_so()
    {
        var enabled = new Dictionary<ExecutionLogLevel, bool>();
        var history = await RunAsync(c =>
        {
            foreach (var level in Enum.GetValues<ExecutionLogLevel>()) enabled[level] = c.IsEnabled(level);
            c.Log(ExecutionLogLevel.Debug, "debug line");
            c.Log(ExecutionLogLevel.Info, "info line", "info line", []);
            c.Log(ExecutionLogLevel.Warn, "warn line");
        }, new RunOptions { MinimumLogLevel = ExecutionLogLevel.Warn });

        Assert.Equal([false, false, true, true], enabled.OrderBy(e => e.Key).Select(e => e.Value));
        Assert.Equal(["warn line"], history.Where(r => r.Kind == ExecutionEventKind.LogWritten).Select(r => r.Message));
        // The runner's own lines are not a step's: they are still recorded.
        Assert.Contains(history, r => r.Kind == ExecutionEventKind.StepCompleted);
    }

    [Fact]
    public async Task By_default_every_level_is_written()
    {
        var history = await RunAsync(c => c.Log(ExecutionLogLevel.Debug, "debug line"));

        Assert.Contains(history, r => r.Kind == ExecutionEventKind.LogWritten && r.Message == "debug line");
    }
}
