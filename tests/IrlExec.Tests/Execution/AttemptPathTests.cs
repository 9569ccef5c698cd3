using IrlExec.Tests.Support;

namespace IrlExec.Tests.Execution;

/// <summary>
/// A step's attempt runs without an async method while each of its parts (the start's commit, the step's code, the end
/// of its services, its closing, the commit of a pause or failure) completes at once, and continues in one from the
/// first part that does not. Whatever parts complete at once, the history is the same: random steps (publishing,
/// logging, costing, throwing at once or later, failing, pausing) run with every part at once, every part later, and a
/// mix.
/// </summary>
public sealed class AttemptPathTests
{
    private enum Parts { AtOnce, Later, Mixed }

    [Fact]
    public async Task An_attempt_records_the_same_history_whatever_parts_complete_at_once()
    {
        for (var seed = 1; seed <= 24; seed++)
        {
            var later = await RunAsync(seed, Parts.Later);
            Assert.Equal(later, await RunAsync(seed, Parts.AtOnce));
            Assert.Equal(later, await RunAsync(seed, Parts.Mixed));
        }
    }

    // The history of a run of seed's random workflow, without times, and the run's status.
    private static async Task<List<string>> RunAsync(int seed, Parts parts)
    {
        var behaviours = new Random(seed);
        var later = new Random(seed * 31 + 7); // which parts complete later, in Mixed
        bool Later() => parts switch { Parts.AtOnce => false, Parts.Later => true, _ => later.Next(2) == 0 };

        var plans = new List<StepPlan>();
        var steps = 6 + behaviours.Next(6);
        for (var order = 1; order <= steps; order++)
        {
            plans.Add(new StepPlan
            {
                Order = order,
                Name = "step-" + order,
                Component = "test.step" + order,
                ToolMapping = "Test",
                Inputs = order == 1 ? [] : [new StepInputPlan { Name = "previous", Reference = "{{value_" + (order - 1) + "}}" }],
                Outputs = [new StepOutputPlan { Name = "value_" + order }],
                MaxAttempts = 2,
            });
        }
        // Each attempt's behaviour is drawn in order of attempts, so every run of a seed draws the same ones.
        var definitions = plans.Select(p => (StepDefinition)new ScriptedStep(p, behaviours, Later)).ToList();
        var workflow = new WorkflowDefinition(new WorkflowPlan { Name = "attempt-paths", Steps = plans }, definitions);
        var store = new LaterStore(Later);
        var result = await new WorkflowRunner(store).RunAsync(workflow, options: new RunOptions { OnStepFailure = StepFailurePolicy.FailExecution });

        var history = (await store.ReadAsync(result.ExecutionId, CancellationToken.None))!;
        var lines = history.Select(r =>
            $"{r.Sequence} {r.Kind} step={r.Step} attempt={r.Attempt} name={r.Name} value={r.Value} message={r.Message} cost={r.Cost} " +
            $"status={r.FromStatus}->{r.Status} values=[{string.Join(", ", (r.Values ?? []).Select(v => v.Name + "=" + v.Value))}]").ToList();
        lines.Add("result: " + result.Status);
        return lines;
    }

    // A step whose every attempt does one thing drawn at random, at once or later.
    private sealed class ScriptedStep(StepPlan plan, Random behaviours, Func<bool> later) : StepDefinition(plan)
    {
        public override ValueTask InvokeAsync(StepContext context, StepOutputs outputs, CancellationToken cancellationToken)
        {
            var behaviour = behaviours.Next(10);
            var previous = context.Variables.Contains("value_" + (Plan.Order - 1)) ? context.Variables.GetString("value_" + (Plan.Order - 1)) : "0";
            if (!later())
            {
                Act(behaviour, previous, context, outputs); // a throw here leaves InvokeAsync at once
                return ValueTask.CompletedTask;
            }
            return ActLaterAsync(behaviour, previous, context, outputs);
        }

        private async ValueTask ActLaterAsync(int behaviour, string previous, StepContext context, StepOutputs outputs)
        {
            await Task.Yield();
            Act(behaviour, previous, context, outputs);
        }

        private void Act(int behaviour, string previous, StepContext context, StepOutputs outputs)
        {
            var value = (int.Parse(previous, System.Globalization.CultureInfo.InvariantCulture) + Plan.Order).ToString(System.Globalization.CultureInfo.InvariantCulture);
            switch (behaviour)
            {
                case 0:
                    throw new InvalidOperationException("step " + Plan.Order + " broke"); // retryable: a second attempt
                case 1:
                    context.Log("step " + Plan.Order + " logs " + value);
                    outputs.Set("value_" + Plan.Order, value);
                    break;
                case 2:
                    context.ReportCost(0.25m * Plan.Order);
                    outputs.Set("value_" + Plan.Order, value);
                    break;
                case 3 when Plan.Order % 4 == 0:
                    context.Pause("step " + Plan.Order + " waits");
                    break;
                case 4 when Plan.Order % 5 == 0:
                    context.Fail("step " + Plan.Order + " gives up");
                    break;
                default:
                    outputs.Set("value_" + Plan.Order, value);
                    break;
            }
        }
    }

    // The in-memory store, whose appends complete later when asked.
    private sealed class LaterStore(Func<bool> later) : DelegatingStore(new InMemoryExecutionStore())
    {
        public override ValueTask AppendAsync(string executionId, IReadOnlyList<ExecutionEvent> records, bool flushToDisk, CancellationToken cancellationToken) =>
            later() ? AppendLaterAsync(executionId, records, flushToDisk, cancellationToken) : Inner.AppendAsync(executionId, records, flushToDisk, cancellationToken);

        private async ValueTask AppendLaterAsync(string executionId, IReadOnlyList<ExecutionEvent> records, bool flushToDisk, CancellationToken cancellationToken)
        {
            await Task.Yield();
            await Inner.AppendAsync(executionId, records, flushToDisk, cancellationToken);
        }
    }
}
