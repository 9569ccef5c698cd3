using System.Text.Json;
using IrlExec.Dashboard.Rendering;
using Microsoft.AspNetCore.Http;

namespace IrlExec.Dashboard.Actions;

/// <summary>
/// A SIMULATION run started from a workflow page: the form's variables (a <c>string</c> variable takes the text as it
/// is, any other type takes it as JSON), then <see cref="WorkflowRunner.SimulateAsync"/> on a store of its own in
/// memory, with no observer: nothing is written anywhere, and the page shows the estimated cost and time.
/// </summary>
internal static class DashboardSimulation
{
    public const string RootVariable = "root";

    private static readonly TimeSpan Limit = TimeSpan.FromSeconds(30);

    public static async Task<SimulationOutcome> RunAsync(WorkflowDefinition workflow, IFormCollection form, string? root, CancellationToken cancellationToken)
    {
        var entered = new Dictionary<string, string>(StringComparer.Ordinal);
        var secrets = new List<string>();
        var variables = new VariableStore();
        foreach (var variable in workflow.Plan.Variables)
        {
            var text = form["var." + variable.Name].ToString();
            if (text.Length == 0)
            {
                if (variable.Name == RootVariable && root is not null) variables.Set(RootVariable, root);
                continue;
            }
            if (variable.IsSecret) secrets.Add(text);
            else entered[variable.Name] = text;
            if (variable.TypeName is "string" or "string?")
            {
                variables.Set(variable.Name, text, variable.IsSecret);
                continue;
            }
            try
            {
                using var _ = JsonDocument.Parse(text);
            }
            catch (JsonException)
            {
                return new SimulationOutcome(null, $"The variable '{variable.Name}' is of type {variable.TypeName}: its value must be JSON (e.g. 5, true, [\"a\"]).", entered);
            }
            variables.SetJson(variable.Name, text, variable.IsSecret);
        }

        var store = new InMemoryExecutionStore();
        var runner = new WorkflowRunner(store);
        using var limit = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        limit.CancelAfter(Limit);
        try
        {
            var result = await runner.SimulateAsync(workflow, variables, new RunOptions { Actor = "dashboard" }, limit.Token).ConfigureAwait(false);
            return new SimulationOutcome(result.State, null, entered);
        }
        catch (ArgumentException e)
        {
            return new SimulationOutcome(null, Mask(e.Message, secrets), entered);
        }
        catch (WorkflowException e)
        {
            return new SimulationOutcome(null, Mask(e.Message, secrets), entered);
        }
    }

    // An error message never repeats a secret the form carried.
    private static string Mask(string message, List<string> secrets)
    {
        foreach (var secret in secrets) message = message.Replace(secret, SecretRedactor.Mask, StringComparison.Ordinal);
        return message;
    }
}
