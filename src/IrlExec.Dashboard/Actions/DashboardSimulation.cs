using IrlExec.Dashboard.Rendering;
using Microsoft.AspNetCore.Http;

namespace IrlExec.Dashboard.Actions;

/// <summary>
/// A SIMULATION run started from a workflow page: the form's variables (<see cref="FormVariables"/>), then
/// <see cref="WorkflowRunner.SimulateAsync"/> on a store of its own in memory, with no observer: nothing is written
/// anywhere, and the page shows the estimated cost and time.
/// </summary>
internal static class DashboardSimulation
{
    public const string RootVariable = "root";

    private static readonly TimeSpan Limit = TimeSpan.FromSeconds(30);

    public static async Task<SimulationOutcome> RunAsync(WorkflowDefinition workflow, IFormCollection form, string? root, CancellationToken cancellationToken)
    {
        var read = FormVariables.Read(workflow.Plan.Variables, form);
        if (read.Error is not null) return new SimulationOutcome(null, read.Error, read.Entered);
        var variables = read.Variables;
        if (root is not null && !variables.Contains(RootVariable) && workflow.Plan.Variables.Any(v => v.Name == RootVariable)) variables.Set(RootVariable, root);

        var store = new InMemoryExecutionStore();
        var runner = new WorkflowRunner(store);
        using var limit = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        limit.CancelAfter(Limit);
        try
        {
            var result = await runner.SimulateAsync(workflow, variables, new RunOptions { Actor = "dashboard" }, limit.Token).ConfigureAwait(false);
            return new SimulationOutcome(result.State, null, read.Entered);
        }
        catch (ArgumentException e)
        {
            return new SimulationOutcome(null, read.Mask(e.Message), read.Entered);
        }
        catch (WorkflowException e)
        {
            return new SimulationOutcome(null, read.Mask(e.Message), read.Entered);
        }
    }
}
