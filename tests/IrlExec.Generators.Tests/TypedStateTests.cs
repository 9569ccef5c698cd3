using IrlExec.Generators.Tests.Binding;

namespace IrlExec.Generators.Tests;

/// <summary>
/// The generated typed view of an execution (<c>State</c>) and typed changes for a resume (<c>Changes</c>), on real
/// generated code: a host reads typed variables instead of JSON, and resumes with some variables set without rebuilding
/// every required one.
/// </summary>
public sealed class TypedStateTests
{
    private static ExpenseApproval Expense(decimal amount = 2500m, string? approver = null) =>
        new() { Employee = "ada", Amount = amount, Approver = approver, ApiKey = "key-7f3a9c" };

    [Fact]
    public async Task The_state_of_a_paused_execution_has_its_status_current_step_and_typed_variables()
    {
        var runner = new WorkflowRunner(new InMemoryExecutionStore());
        var paused = await ExpenseApproval.RunAsync(runner, Expense());

        var state = await runner.GetStateAsync<ExpenseApproval.State>(paused.ExecutionId);

        Assert.NotNull(state);
        Assert.Equal(paused.ExecutionId, state.ExecutionId);
        Assert.Equal("expense-approval", state.Workflow);
        Assert.Equal("Paused", state.Status.ToString());
        Assert.Equal("waiting for a human to set approved_by", state.StatusReason);
        Assert.Equal(2, state.CurrentStep);
        Assert.Equal("decide", state.CurrentStepName);
        Assert.False(state.IsFinished);
        Assert.Equal("ada", state.Employee);
        Assert.Equal(2500m, state.Amount);
        Assert.Equal(["over 1000"], state.Flags);
        Assert.Equal(1, state.FlagCount);
    }

    [Fact]
    public async Task Variables_not_produced_yet_are_null()
    {
        var runner = new WorkflowRunner(new InMemoryExecutionStore());
        var paused = await ExpenseApproval.RunAsync(runner, Expense());

        var state = await runner.GetStateAsync<ExpenseApproval.State>(paused.ExecutionId);

        Assert.Null(state!.ApprovedBy); // approved_by was never set
        Assert.Null(state.Decision);  // step 2 has not completed
    }

    [Fact]
    public void Secret_variables_have_no_property_on_the_view_but_can_be_set_by_changes()
    {
        var view = typeof(ExpenseApproval.State);
        Assert.Null(view.GetProperty("ApiKey"));
        Assert.Null(view.GetProperty("Receipt"));
        Assert.NotNull(typeof(ExpenseApproval.Changes).GetProperty("ApiKey"));
        Assert.NotNull(typeof(ExpenseApproval.Changes).GetProperty("Receipt"));
    }

    [Fact]
    public async Task A_variable_named_like_a_member_of_every_view_gets_the_suffix_Value()
    {
        var runner = new WorkflowRunner(new InMemoryExecutionStore());
        var paused = await ExpenseApproval.RunAsync(runner, Expense());

        var state = await runner.GetStateAsync<ExpenseApproval.State>(paused.ExecutionId);

        Assert.Equal("submitted", state!.StatusValue);
        Assert.Equal("Paused", state.Status.ToString());
        Assert.Equal(typeof(string), typeof(ExpenseApproval.Changes).GetProperty("StatusValue")!.PropertyType);
    }

    [Fact]
    public async Task A_finished_execution_shows_every_output()
    {
        var runner = new WorkflowRunner(new InMemoryExecutionStore());
        var done = await ExpenseApproval.RunAsync(runner, Expense(approver: "grace"));

        var state = ExpenseApproval.State.From(done.State);

        Assert.True(state.IsFinished);
        Assert.Equal("approved by grace", state.Decision);
        Assert.Equal("grace", state.ApprovedBy);
    }

    [Fact]
    public async Task Resuming_with_changes_sets_only_the_given_variables()
    {
        var store = new InMemoryExecutionStore();
        var paused = await ExpenseApproval.RunAsync(new WorkflowRunner(store), Expense());

        // A secret is never in the history: a resume gives it back (the runner refuses a resume without it).
        var resumed = await ExpenseApproval.ResumeAsync(new WorkflowRunner(store), paused.ExecutionId, new ExpenseApproval.Changes { ApprovedBy = "grace", ApiKey = "key-7f3a9c" });

        Assert.True(resumed.Succeeded, resumed.Reason);
        var state = await new WorkflowRunner(store).GetStateAsync<ExpenseApproval.State>(paused.ExecutionId);
        Assert.Equal("approved by grace", state!.Decision);
        Assert.Equal("grace", state.ApprovedBy);
        Assert.Equal("ada", state.Employee);     // left as it was
        Assert.Equal(2500m, state.Amount);
    }

    [Fact]
    public async Task Changes_can_give_back_one_secret_which_stays_out_of_the_history()
    {
        var store = new InMemoryExecutionStore();
        var paused = await ExpenseApproval.RunAsync(new WorkflowRunner(store), Expense());

        // The secret is not in the history, so a new runner has none: the changes give it back, with the decision.
        var resumed = await ExpenseApproval.ResumeAsync(new WorkflowRunner(store), paused.ExecutionId,
            new ExpenseApproval.Changes { ApprovedBy = "grace", ApiKey = "key-given-back-42" });

        Assert.True(resumed.Succeeded, resumed.Reason);
        var history = await store.ReadAsync(paused.ExecutionId, CancellationToken.None);
        Assert.DoesNotContain(history!, r => (r.Value ?? "").Contains("key-given-back-42") || (r.Message ?? "").Contains("key-given-back-42"));
        Assert.Contains(resumed.State.Variables, v => v.Name == "api_key" && v.IsSecret);
    }

    [Fact]
    public void Changes_left_empty_set_no_variable_and_name_their_workflow()
    {
        var changes = new ExpenseApproval.Changes();

        Assert.Empty(changes.ToVariables().Names);
        Assert.Equal("expense-approval", changes.Workflow);
    }

    [Fact]
    public async Task The_view_of_another_workflow_is_refused_with_both_names()
    {
        var runner = new WorkflowRunner(new InMemoryExecutionStore());
        var other = await TypedValues.RunAsync(runner, new TypedValues { Site = "plant-1", Count = 1, Since = DateTime.UtcNow });

        var error = await Assert.ThrowsAsync<WorkflowException>(() => runner.GetStateAsync<ExpenseApproval.State>(other.ExecutionId));

        Assert.Contains("'typed-values'", error.Message);
        Assert.Contains("'expense-approval'", error.Message);
    }

    [Fact]
    public async Task An_unknown_execution_has_no_view()
    {
        var runner = new WorkflowRunner(new InMemoryExecutionStore());

        Assert.Null(await runner.GetStateAsync<ExpenseApproval.State>("exec_20260101T000000Z_unknown"));
    }

    [Fact]
    public void The_workflow_class_is_an_IWorkflow_with_its_definition_and_variables()
    {
        Assert.Same(ExpenseApproval.Definition, DefinitionOf<ExpenseApproval>());
        var variables = Variables(Expense());
        Assert.Equal("ada", variables.GetString("employee"));
    }

    private static WorkflowDefinition DefinitionOf<T>() where T : IWorkflow<T> => T.Definition;

    private static VariableStore Variables<T>(T workflow) where T : IWorkflow<T> => workflow.ToVariables();
}
