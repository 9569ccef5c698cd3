namespace IrlExec.Tests.Execution;

/// <summary>
/// Reads and publishes by position (what generated steps call): the store keeps the slot it found for each position of
/// a <see cref="VariableNameTable"/> until a slot is added, replaced or removed, so these pin down that a read by
/// position always gives what a read by name gives.
/// </summary>
public class GeneratedBindingTests
{
    private static readonly WorkflowRunner Memory = new(new InMemoryExecutionStore());
    private static readonly VariableNameTable Names = new("total", "label");

    [Fact]
    public async Task A_read_by_position_sees_a_value_a_later_step_overwrote_in_place()
    {
        var seen = new List<int>();
        var workflow = Workflow(
            (_, outputs) => GeneratedBinding.Output(outputs, Names, 0, 1, JsonTypes.Int32, isSecret: false),
            (context, outputs) =>
            {
                seen.Add(GeneratedBinding.Input(context, Names, 0, JsonTypes.Int32));
                GeneratedBinding.Output(outputs, Names, 0, 2, JsonTypes.Int32, isSecret: false);
            },
            (context, _) => seen.Add(GeneratedBinding.Input(context, Names, 0, JsonTypes.Int32)));

        var result = await Memory.RunAsync(workflow);

        Assert.Equal(ExecutionStatus.CompletedSuccess, result.Status);
        Assert.Equal([1, 2], seen);
    }

    [Fact]
    public async Task A_read_by_position_follows_a_variable_that_a_later_step_published_with_another_type()
    {
        var seen = new List<string>();
        var workflow = Workflow(
            (_, outputs) => GeneratedBinding.Output(outputs, Names, 0, 5, JsonTypes.Int32, isSecret: false),
            (context, _) => seen.Add(GeneratedBinding.InputString(context, Names, 0)),
            (_, outputs) => GeneratedBinding.Output(outputs, Names, 0, "five", JsonTypes.String, isSecret: false),
            (context, _) => seen.Add(GeneratedBinding.InputString(context, Names, 0)));

        var result = await Memory.RunAsync(workflow);

        Assert.Equal(ExecutionStatus.CompletedSuccess, result.Status);
        Assert.Equal(["5", "five"], seen);
    }

    [Fact]
    public async Task A_read_by_position_sees_a_value_republished_into_a_new_slot()
    {
        // Made secret by the second publication: the store cannot copy into its plain slot and makes a new one. (A secret
        // has at least 4 characters.)
        var seen = new List<int>();
        var workflow = Workflow(
            (_, outputs) => GeneratedBinding.Output(outputs, Names, 0, 1, JsonTypes.Int32, isSecret: false),
            (context, _) => seen.Add(GeneratedBinding.Input(context, Names, 0, JsonTypes.Int32)),
            (_, outputs) => GeneratedBinding.Output(outputs, Names, 0, 2048, JsonTypes.Int32, isSecret: true),
            (context, _) => seen.Add(GeneratedBinding.Input(context, Names, 0, JsonTypes.Int32)));

        var result = await Memory.RunAsync(workflow);

        Assert.Equal(ExecutionStatus.CompletedSuccess, result.Status);
        Assert.Equal([1, 2048], seen);
    }

    [Fact]
    public async Task Publishing_by_position_sets_the_variable_named_at_that_position()
    {
        var workflow = Workflow((_, outputs) => GeneratedBinding.Output(outputs, Names, 1, "parcel", JsonTypes.String, isSecret: false));

        var result = await Memory.RunAsync(workflow);

        Assert.Equal("\"parcel\"", result.State.Variables.Single(v => v.Name == "label").Json);
    }

    [Fact]
    public void A_read_by_position_of_a_variable_that_is_not_set_names_it()
    {
        var error = Assert.Throws<UnknownVariableException>(() => new VariableStore().GetAt(Names, 1, JsonTypes.String));
        Assert.Contains("label", error.Message);
    }

    [Fact]
    public void A_read_by_position_converts_a_value_held_as_json_and_keeps_giving_it()
    {
        var store = new VariableStore();
        store.SetJson("total", "7");

        Assert.Equal(7, store.GetAt(Names, 0, JsonTypes.Int32));
        Assert.Equal(7, store.GetAt(Names, 0, JsonTypes.Int32));
        Assert.Equal(7L, store.GetAt(Names, 0, JsonTypes.Int64));
    }

    [Fact]
    public void A_read_by_position_after_clear_reports_the_variable_unknown()
    {
        var store = new VariableStore();
        store.Set("total", 3, JsonTypes.Int32);
        Assert.Equal(3, store.GetAt(Names, 0, JsonTypes.Int32));

        store.Clear();

        Assert.Throws<UnknownVariableException>(() => store.GetAt(Names, 0, JsonTypes.Int32));
    }

    [Fact]
    public void Two_tables_on_one_store_each_read_their_own_names()
    {
        var store = new VariableStore();
        store.Set("total", 3, JsonTypes.Int32);
        store.Set("count", 4, JsonTypes.Int32);
        var other = new VariableNameTable("count", "total");

        Assert.Equal(3, store.GetAt(Names, 0, JsonTypes.Int32));
        Assert.Equal(4, store.GetAt(other, 0, JsonTypes.Int32));
        Assert.Equal(3, store.GetAt(Names, 0, JsonTypes.Int32));
    }

    [Theory]
    [InlineData("Total")]
    [InlineData("two words")]
    [InlineData("")]
    public void A_name_table_refuses_a_name_that_is_not_snake_case(string name) =>
        Assert.Throws<ArgumentException>(() => new VariableNameTable("total", name));

    [Fact]
    public void A_name_table_refuses_a_name_given_twice() =>
        Assert.Contains("twice", Assert.Throws<ArgumentException>(() => new VariableNameTable("total", "total")).Message);

    private delegate void Body(StepContext context, StepOutputs outputs);

    private static WorkflowDefinition Workflow(params Body[] bodies)
    {
        var plans = bodies.Select((_, i) => new StepPlan { Order = i + 1, Name = "step-" + (i + 1), Component = "test", ToolMapping = "Test" }).ToList();
        var plan = new WorkflowPlan { Name = "by-position", Steps = plans };
        return new WorkflowDefinition(plan, bodies.Select((b, i) => (StepDefinition)new BodyStep(plans[i], b)).ToList());
    }

    private sealed class BodyStep(StepPlan plan, Body body) : StepDefinition(plan)
    {
        public override ValueTask InvokeAsync(StepContext context, StepOutputs outputs, CancellationToken cancellationToken)
        {
            body(context, outputs);
            return ValueTask.CompletedTask;
        }
    }
}
