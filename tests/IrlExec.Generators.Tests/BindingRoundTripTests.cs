using System.Text.Json;
using IrlExec.Generators.Tests.Binding;

namespace IrlExec.Generators.Tests;

/// <summary>
/// Real generated binding code (this project runs the generator on Binding/*.cs): typed values of several kinds —
/// string, int, DateTime, a record, a list of records, nullable value and reference types — survive publishing,
/// binding, and the history.
/// </summary>
public sealed class BindingRoundTripTests
{
    private static readonly DateTime Since = new(2026, 2, 8, 0, 45, 0, DateTimeKind.Utc);

    private static TypedValues Variables(bool pause) => new() { Site = "plant-7", Count = 3, Since = Since, PauseBeforeEcho = pause };

    [Fact]
    public async Task Typed_values_published_by_one_step_bind_to_the_next_step_unchanged()
    {
        var runner = new WorkflowRunner(new InMemoryExecutionStore());

        var result = await TypedValues.RunAsync(runner, Variables(pause: false));

        Assert.True(result.Succeeded, result.Reason);
        AssertEchoesTheOriginals(EchoFromHistory(await runner.GetStateAsync(result.ExecutionId)));
    }

    [Fact]
    public async Task Typed_values_read_back_from_the_history_on_resume_bind_unchanged()
    {
        var store = new InMemoryExecutionStore();
        var paused = await TypedValues.RunAsync(new WorkflowRunner(store), Variables(pause: true));
        // ExecutionStatus is also compiled (internal, visible here) into the generator this project references: compare by name.
        Assert.Equal("Paused", paused.Status.ToString());

        // A new runner: the variables come only from the history's JSON, not from the first run's typed slots.
        var resumed = await TypedValues.ResumeAsync(new WorkflowRunner(store), paused.ExecutionId);

        Assert.True(resumed.Succeeded, resumed.Reason);
        AssertEchoesTheOriginals(EchoFromHistory(await new WorkflowRunner(store).GetStateAsync(paused.ExecutionId)));
    }

    [Fact]
    public void The_plan_describes_each_output_with_its_type()
    {
        var produce = TypedValues.Plan.Steps[0];

        Assert.Equal(
            ["latest:Reading?", "readings:List<Reading>", "missing:int?", "present:int?", "note:string?"],
            produce.Outputs.Select(o => o.Name + ":" + o.TypeName));
    }

    private static Echo EchoFromHistory(ExecutionState? state)
    {
        Assert.NotNull(state);
        var json = Assert.Single(state.Variables, v => v.Name == "echo").Json;
        return JsonSerializer.Deserialize(json, BindingJson.Default.Echo)!;
    }

    private static void AssertEchoesTheOriginals(Echo echo)
    {
        Assert.Equal("plant-7", echo.Site);
        Assert.Equal(3, echo.Count);
        Assert.Equal(Since, echo.Since);
        Assert.Equal(DateTimeKind.Utc, echo.Since.Kind);
        Assert.Equal(new Reading("plant-7-3", 4.5, Since.AddMinutes(3)), echo.Latest);
        Assert.Equal(
            [new Reading("plant-7-1", 1.5, Since.AddMinutes(1)), new Reading("plant-7-2", 3.0, Since.AddMinutes(2)), new Reading("plant-7-3", 4.5, Since.AddMinutes(3))],
            echo.Readings);
        Assert.Null(echo.Missing);
        Assert.Equal(30, echo.Present);
        Assert.Null(echo.Note);
    }
}
