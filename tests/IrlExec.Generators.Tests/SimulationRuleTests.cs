using IrlExec.Generators.Tests.Binding;

namespace IrlExec.Generators.Tests;

/// <summary>
/// SIMULATION runs a step without ISimulatedStep for real when it declares <c>SideEffects = "none"</c> (docs/runtime.md,
/// "SIMULATION mode"), so its real outputs flow downstream instead of placeholders; other such steps are not run.
/// </summary>
public sealed class SimulationRuleTests
{
    private static async Task<ExecutionResult> SimulateAsync() =>
        await SimulationRuleWorkflow.SimulateAsync(new WorkflowRunner(new InMemoryExecutionStore()), new SimulationRuleWorkflow { Customer = "ACME" });

    private static string Variable(ExecutionResult result, string name) => result.State.Variables.Single(v => v.Name == name).Json;

    [Fact]
    public async Task A_step_that_declares_no_side_effects_runs_for_real_in_simulation_and_its_output_flows_on()
    {
        var result = await SimulateAsync();

        Assert.Equal("CompletedSuccess", result.Status.ToString());
        Assert.Equal("\"acct-acme\"", Variable(result, "account"));
        Assert.Equal("acct-acme", result.State.ExecutionLog.Single(r => r.Step == 2).RealInputs.Single().Value);
    }

    [Fact]
    public async Task A_step_that_declares_nothing_or_side_effects_is_not_run_in_simulation()
    {
        var result = await SimulateAsync();

        Assert.Equal("\"(not checked)\"", Variable(result, "checked"));
        Assert.Equal("\"(not sent)\"", Variable(result, "sent"));
    }

    [Fact]
    public void The_plan_says_which_steps_simulation_runs_for_real()
    {
        Assert.Equal([true, false, false], SimulationRuleWorkflow.Plan.Steps.Select(s => s.RunsInSimulation));
    }

    [Fact]
    public async Task In_execution_every_step_runs()
    {
        var result = await SimulationRuleWorkflow.RunAsync(new WorkflowRunner(new InMemoryExecutionStore()), new SimulationRuleWorkflow { Customer = "ACME" });

        Assert.Equal("\"checked acct-acme\"", Variable(result, "checked"));
        Assert.Equal("\"sent to acct-acme\"", Variable(result, "sent"));
    }
}
