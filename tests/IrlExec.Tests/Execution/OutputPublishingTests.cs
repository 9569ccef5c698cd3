namespace IrlExec.Tests.Execution;

/// <summary>
/// How a step's outputs become variables. The runner reuses one staging area (and its slots) for every attempt of an
/// execution and the variables copy staged values into slots of their own, so these pin down that reuse never lets a
/// value through that the rules keep out.
/// </summary>
public class OutputPublishingTests
{
    private static readonly WorkflowRunner Memory = new(new InMemoryExecutionStore());

    [Fact]
    public async Task A_failed_attempt_leaves_none_of_its_outputs_behind_even_when_an_earlier_attempt_published_the_same_names()
    {
        int? seenByRetry = null;
        var workflow = Workflow(
            Step("produce", (_, outputs, _) => outputs.Set("total", 1, JsonTypes.Int32)),
            Step("recount", (context, outputs, attempt) =>
            {
                if (attempt == 2)
                {
                    seenByRetry = context.Variables.Get("total", JsonTypes.Int32);
                    return;
                }
                outputs.Set("total", 2, JsonTypes.Int32);
                throw new IOException("lost the count");
            }, maxAttempts: 2));

        var result = await Memory.RunAsync(workflow);

        Assert.Equal(ExecutionStatus.CompletedSuccess, result.Status);
        Assert.Equal(1, seenByRetry);
        Assert.Equal("1", result.State.Variables.Single(v => v.Name == "total").Json);
    }

    [Fact]
    public async Task A_failed_last_attempt_publishes_nothing_and_the_execution_pauses_with_the_earlier_value()
    {
        var workflow = Workflow(
            Step("produce", (_, outputs, _) => outputs.Set("total", 1, JsonTypes.Int32)),
            Step("recount", (_, outputs, _) =>
            {
                outputs.Set("total", 2, JsonTypes.Int32);
                throw new IOException("lost the count");
            }));

        var store = new InMemoryExecutionStore();
        var result = await new WorkflowRunner(store).RunAsync(workflow);

        Assert.Equal(ExecutionStatus.Paused, result.Status);
        Assert.Equal("1", result.State.Variables.Single(v => v.Name == "total").Json);
        var history = await store.ReadAsync(result.ExecutionId, default);
        Assert.Single(history!, r => r.Kind == ExecutionEventKind.VariableSet && r.Name == "total");
    }

    [Fact]
    public async Task A_retried_step_publishes_the_outputs_of_its_last_attempt_only()
    {
        var seen = new List<string>();
        var workflow = Workflow(
            Step("flaky", (_, outputs, attempt) =>
            {
                outputs.Set("count", attempt * 10, JsonTypes.Int32);
                if (attempt == 1)
                {
                    outputs.Set("draft", "first try");
                    throw new IOException("disk busy");
                }
            }, maxAttempts: 2),
            Step("read", (context, _, _) =>
            {
                seen.Add(context.Variables.Get("count", JsonTypes.Int32).ToString(System.Globalization.CultureInfo.InvariantCulture));
                seen.Add(context.Variables.Contains("draft") ? "draft" : "no draft");
            }));

        var result = await Memory.RunAsync(workflow);

        Assert.Equal(ExecutionStatus.CompletedSuccess, result.Status);
        Assert.Equal(["20", "no draft"], seen);
        Assert.DoesNotContain(result.State.Variables, v => v.Name == "draft");
        Assert.Equal("20", result.State.Variables.Single(v => v.Name == "count").Json);
    }

    [Fact]
    public async Task A_secret_output_stays_secret_when_it_replaces_a_plain_variable_of_the_same_type()
    {
        var secretSeen = new List<bool>();
        var variables = new VariableStore();
        variables.Set("token", "public-value");
        var workflow = Workflow(
            Step("login", (_, outputs, _) => outputs.Set("token", "s3cr3t-token", isSecret: true)),
            Step("login-again", (context, outputs, _) =>
            {
                secretSeen.Add(context.Variables.IsSecret("token"));
                outputs.Set("token", "an0ther-s3cret", isSecret: true);
            }),
            Step("read", (context, _, _) => secretSeen.Add(context.Variables.IsSecret("token"))));

        var store = new InMemoryExecutionStore();
        var result = await new WorkflowRunner(store).RunAsync(workflow, variables);

        Assert.Equal([true, true], secretSeen);
        var token = result.State.Variables.Single(v => v.Name == "token");
        Assert.True(token.IsSecret);
        var history = await store.ReadAsync(result.ExecutionId, default);
        Assert.DoesNotContain(history!, r => r.Value?.Contains("s3cr3t-token", StringComparison.Ordinal) == true || r.Value?.Contains("an0ther-s3cret", StringComparison.Ordinal) == true);
    }

    [Fact]
    public async Task A_variable_published_with_another_type_by_a_later_step_takes_the_new_type()
    {
        string? json = null;
        string? text = null;
        var workflow = Workflow(
            Step("count", (_, outputs, _) => outputs.Set("quantity", 5, JsonTypes.Int32)),
            Step("describe", (_, outputs, _) => outputs.Set("quantity", "five")),
            Step("read", (context, _, _) =>
            {
                json = context.Variables.GetJson("quantity");
                text = context.Variables.Get("quantity", JsonTypes.String);
            }));

        var result = await Memory.RunAsync(workflow);

        Assert.Equal(ExecutionStatus.CompletedSuccess, result.Status);
        Assert.Equal("\"five\"", json);
        Assert.Equal("five", text);
    }

    [Fact]
    public async Task The_variables_given_to_a_run_are_not_changed_by_the_outputs_of_its_steps()
    {
        var variables = new VariableStore();
        variables.Set("total", 1, JsonTypes.Int32);
        var workflow = Workflow(Step("recount", (_, outputs, _) => outputs.Set("total", 2, JsonTypes.Int32)));

        var result = await Memory.RunAsync(workflow, variables);

        Assert.Equal("2", result.State.Variables.Single(v => v.Name == "total").Json);
        Assert.Equal(1, variables.Get("total", JsonTypes.Int32));
    }

    [Fact]
    public async Task An_execution_publishing_a_new_variable_at_every_step_keeps_no_staging_slot_for_names_published_once()
    {
        StepOutputs? staging = null;
        var workflow = Workflow(Enumerable.Range(1, 50).Select(i => Step("publish-" + i, (_, outputs, _) =>
        {
            staging = outputs;
            outputs.Set("value_" + i, i, JsonTypes.Int32);
        })).ToArray());

        var result = await Memory.RunAsync(workflow);

        Assert.Equal(ExecutionStatus.CompletedSuccess, result.Status);
        Assert.Equal(50, result.State.Variables.Count);
        Assert.Equal("50", result.State.Variables.Single(v => v.Name == "value_50").Json);
        Assert.Equal(0, staging!.SpareCount);
    }

    [Fact]
    public async Task Each_new_variable_keeps_its_own_value_when_the_next_new_names_reuse_the_staging_slots()
    {
        // Steps 1 to 30 each publish a new name (ints and strings mixed); step 31 reads every one back.
        var read = new List<string>();
        var steps = Enumerable.Range(1, 30).Select(i => Step("publish-" + i, (_, outputs, _) =>
        {
            if (i % 3 == 0) outputs.Set("value_" + i, "text " + i);
            else outputs.Set("value_" + i, i * 100, JsonTypes.Int32);
        })).Append(Step("read", (context, _, _) =>
        {
            for (var i = 1; i <= 30; i++) read.Add(context.Variables.GetString("value_" + i));
        }));

        var result = await Memory.RunAsync(Workflow(steps.ToArray()));

        Assert.Equal(ExecutionStatus.CompletedSuccess, result.Status);
        Assert.Equal(Enumerable.Range(1, 30).Select(i => i % 3 == 0 ? "text " + i : (i * 100).ToString(System.Globalization.CultureInfo.InvariantCulture)), read);
    }

    [Fact]
    public async Task A_run_whose_plan_publishes_many_names_reads_and_records_every_one()
    {
        // More names than the variables grow for one by one: the run sizes them for its plan at once.
        const int count = 3 * VariableStore.SizedFrom;
        var read = new List<int>();
        var plans = Enumerable.Range(1, count + 1).Select(i => new StepPlan
        {
            Order = i,
            Name = "step-" + i,
            Outputs = i <= count ? [new StepOutputPlan { Name = "value_" + i, TypeName = "int" }] : [],
        }).ToList();
        var workflow = new WorkflowDefinition(new WorkflowPlan { Name = "many", Steps = plans }, plans.Select(plan => (StepDefinition)new PublishingStep(plan, (context, outputs, _) =>
        {
            if (plan.Order <= count) outputs.Set("value_" + plan.Order, plan.Order, JsonTypes.Int32);
            else for (var i = 1; i <= count; i++) read.Add(context.Variables.Get("value_" + i, JsonTypes.Int32));
        })).ToList());

        var result = await Memory.RunAsync(workflow);

        Assert.Equal(ExecutionStatus.CompletedSuccess, result.Status);
        Assert.Equal(Enumerable.Range(1, count), read);
        Assert.Equal(Enumerable.Range(1, count).Select(i => ("value_" + i, i.ToString(System.Globalization.CultureInfo.InvariantCulture))), result.State.Variables.Select(v => (v.Name, v.Json)));
    }

    [Fact]
    public async Task A_variable_published_once_then_again_at_every_step_reads_each_steps_value()
    {
        var seen = new List<int>();
        StepOutputs? staging = null;
        var workflow = Workflow(
            [.. Enumerable.Range(1, 5).Select(i => Step("count-" + i, (context, outputs, _) =>
            {
                staging = outputs;
                if (i > 1) seen.Add(context.Variables.Get("count", JsonTypes.Int32));
                outputs.Set("count", i * 10, JsonTypes.Int32);
            }))]);

        var result = await Memory.RunAsync(workflow);

        Assert.Equal([10, 20, 30, 40], seen);
        Assert.Equal("50", result.State.Variables.Single(v => v.Name == "count").Json);
        Assert.Equal(1, staging!.SpareCount); // the name published again keeps its staging slot
    }

    private delegate void Body(StepContext context, StepOutputs outputs, int attempt);

    private static (string Name, Body Body, int MaxAttempts) Step(string name, Body body, int maxAttempts = 1) => (name, body, maxAttempts);

    private static WorkflowDefinition Workflow(params (string Name, Body Body, int MaxAttempts)[] steps)
    {
        var plans = steps.Select((s, i) => new StepPlan { Order = i + 1, Name = s.Name, Component = "test." + s.Name, ToolMapping = "Test", MaxAttempts = s.MaxAttempts }).ToList();
        var plan = new WorkflowPlan { Name = "outputs", Steps = plans };
        return new WorkflowDefinition(plan, steps.Select((s, i) => (StepDefinition)new PublishingStep(plans[i], s.Body)).ToList());
    }

    // Publishes straight to the outputs, then may throw: the way a generated step that fails after publishing looks to the runner.
    private sealed class PublishingStep(StepPlan plan, Body body) : StepDefinition(plan)
    {
        public override ValueTask InvokeAsync(StepContext context, StepOutputs outputs, CancellationToken cancellationToken)
        {
            body(context, outputs, context.Attempt);
            return ValueTask.CompletedTask;
        }
    }
}
