namespace IrlExec.Tests.Status;

public class StatusTransitionTests
{
    // The status table of docs/runtime.md, written out independently of the code under test.
    private static readonly HashSet<(ExecutionStatus, ExecutionStatus)> AllowedExecution =
    [
        (ExecutionStatus.Planning, ExecutionStatus.InProgress),
        (ExecutionStatus.Planning, ExecutionStatus.CompletedFailure),
        (ExecutionStatus.InProgress, ExecutionStatus.Paused),
        (ExecutionStatus.InProgress, ExecutionStatus.CompletedSuccess),
        (ExecutionStatus.InProgress, ExecutionStatus.CompletedFailure),
        (ExecutionStatus.Paused, ExecutionStatus.Resumed),
        (ExecutionStatus.Paused, ExecutionStatus.CompletedFailure),
        (ExecutionStatus.Resumed, ExecutionStatus.Paused),
        (ExecutionStatus.Resumed, ExecutionStatus.CompletedSuccess),
        (ExecutionStatus.Resumed, ExecutionStatus.CompletedFailure),
    ];

    private static readonly HashSet<(StepStatus, StepStatus)> AllowedStep =
    [
        (StepStatus.Pending, StepStatus.Running),
        (StepStatus.Running, StepStatus.Completed),
        (StepStatus.Running, StepStatus.Failed),
        (StepStatus.Failed, StepStatus.Running),
        (StepStatus.Running, StepStatus.Paused),
        (StepStatus.Paused, StepStatus.Running),
    ];

    public static TheoryData<ExecutionStatus, ExecutionStatus> AllExecutionPairs()
    {
        var data = new TheoryData<ExecutionStatus, ExecutionStatus>();
        foreach (var from in Enum.GetValues<ExecutionStatus>())
            foreach (var to in Enum.GetValues<ExecutionStatus>())
                data.Add(from, to);
        return data;
    }

    public static TheoryData<StepStatus, StepStatus> AllStepPairs()
    {
        var data = new TheoryData<StepStatus, StepStatus>();
        foreach (var from in Enum.GetValues<StepStatus>())
            foreach (var to in Enum.GetValues<StepStatus>())
                data.Add(from, to);
        return data;
    }

    [Theory]
    [MemberData(nameof(AllExecutionPairs))]
    public void Execution_transition_is_allowed_exactly_when_the_design_table_lists_it(ExecutionStatus from, ExecutionStatus to)
    {
        Assert.Equal(AllowedExecution.Contains((from, to)), StatusTransitions.CanTransition(from, to));
    }

    [Theory]
    [MemberData(nameof(AllExecutionPairs))]
    public void TransitionTo_applies_allowed_moves_and_refuses_others_naming_both_states(ExecutionStatus from, ExecutionStatus to)
    {
        var execution = ExecutionIn(from);
        if (AllowedExecution.Contains((from, to)))
        {
            execution.TransitionTo(to);
            Assert.Equal(to, execution.Status);
        }
        else
        {
            var error = Assert.Throws<InvalidStatusTransitionException>(() => execution.TransitionTo(to));
            Assert.Contains(StatusTransitions.ToWireName(from), error.Message);
            Assert.Contains(StatusTransitions.ToWireName(to), error.Message);
            Assert.Equal(from, execution.Status);
        }
    }

    [Theory]
    [MemberData(nameof(AllStepPairs))]
    public void Step_transition_is_allowed_exactly_when_the_design_table_lists_it(StepStatus from, StepStatus to)
    {
        Assert.Equal(AllowedStep.Contains((from, to)), StatusTransitions.CanTransition(from, to));
    }

    [Fact]
    public void Allowed_targets_list_exactly_the_moves_the_check_allows()
    {
        foreach (var from in Enum.GetValues<ExecutionStatus>())
        {
            var listed = Enum.GetValues<ExecutionStatus>().Where(to => StatusTransitions.CanTransition(from, to));
            Assert.Equal(listed.OrderBy(s => s), StatusTransitions.AllowedTargets(from).OrderBy(s => s));
        }
        foreach (var from in Enum.GetValues<StepStatus>())
        {
            var listed = Enum.GetValues<StepStatus>().Where(to => StatusTransitions.CanTransition(from, to));
            Assert.Equal(listed.OrderBy(s => s), StatusTransitions.AllowedTargets(from).OrderBy(s => s));
        }
    }

    [Fact]
    public void The_shared_allowed_targets_cannot_be_changed_by_a_caller()
    {
        Assert.False(StatusTransitions.AllowedTargets(ExecutionStatus.InProgress) is ExecutionStatus[]);
        Assert.False(StatusTransitions.AllowedTargets(StepStatus.Running) is StepStatus[]);
    }

    [Theory]
    [InlineData(-1, 1)]
    [InlineData(1, 40)]
    [InlineData(99, 2)]
    public void A_status_value_outside_the_enum_is_never_an_allowed_move(int from, int to)
    {
        Assert.False(StatusTransitions.CanTransition((ExecutionStatus)from, (ExecutionStatus)to));
        Assert.False(StatusTransitions.CanTransition((StepStatus)from, (StepStatus)to));
        if (from is < 0 or > 5) Assert.Empty(StatusTransitions.AllowedTargets((ExecutionStatus)from));
    }

    [Fact]
    public void Checking_a_transition_allocates_nothing()
    {
        var statuses = Enum.GetValues<ExecutionStatus>();
        var allowed = 0;
        for (var round = 0; round < 2; round++) // the first round warms up the JIT and the static tables
        {
            var before = GC.GetAllocatedBytesForCurrentThread();
            foreach (var from in statuses)
            {
                for (var to = ExecutionStatus.Planning; to <= ExecutionStatus.CompletedFailure; to++)
                {
                    if (StatusTransitions.CanTransition(from, to)) allowed++;
                    if (StatusTransitions.CanTransition((StepStatus)from, (StepStatus)to)) allowed++;
                }
            }
            if (round == 1) Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
        }
        Assert.Equal(2 * (10 + 6), allowed); // both rounds: 10 execution moves and 6 step moves
    }

    [Theory]
    [InlineData(ExecutionStatus.CompletedSuccess)]
    [InlineData(ExecutionStatus.CompletedFailure)]
    public void Completed_statuses_are_terminal(ExecutionStatus status)
    {
        Assert.True(StatusTransitions.IsTerminal(status));
        Assert.Empty(StatusTransitions.AllowedTargets(status));
    }

    [Theory]
    [InlineData("PLANNING", ExecutionStatus.Planning)]
    [InlineData("IN_PROGRESS", ExecutionStatus.InProgress)]
    [InlineData("PAUSED", ExecutionStatus.Paused)]
    [InlineData("RESUMED", ExecutionStatus.Resumed)]
    [InlineData("COMPLETED_SUCCESS", ExecutionStatus.CompletedSuccess)]
    [InlineData("COMPLETED_FAILURE", ExecutionStatus.CompletedFailure)]
    [InlineData("FAILED", ExecutionStatus.CompletedFailure)]
    [InlineData(" in_progress ", ExecutionStatus.InProgress)]
    public void Wire_names_parse_including_the_seeds_FAILED(string text, ExecutionStatus expected)
    {
        Assert.True(StatusTransitions.TryParseExecutionStatus(text, out var status));
        Assert.Equal(expected, status);
    }

    [Fact]
    public void Every_status_round_trips_through_its_wire_name()
    {
        foreach (var status in Enum.GetValues<ExecutionStatus>())
        {
            Assert.True(StatusTransitions.TryParseExecutionStatus(StatusTransitions.ToWireName(status), out var parsed));
            Assert.Equal(status, parsed);
        }
        foreach (var status in Enum.GetValues<StepStatus>())
        {
            Assert.True(StatusTransitions.TryParseStepStatus(StatusTransitions.ToWireName(status), out var parsed));
            Assert.Equal(status, parsed);
        }
    }

    [Fact]
    public void Unknown_wire_name_does_not_parse()
    {
        Assert.False(StatusTransitions.TryParseExecutionStatus("DONE", out _));
        Assert.False(StatusTransitions.TryParseStepStatus("SKIPPED", out _));
    }

    // Walks a fresh execution to the requested status along allowed transitions.
    private static WorkflowExecution ExecutionIn(ExecutionStatus status)
    {
        var execution = WorkflowExecution.Create("demo", ExecutionMode.Execution);
        var path = status switch
        {
            ExecutionStatus.Planning => Array.Empty<ExecutionStatus>(),
            ExecutionStatus.InProgress => [ExecutionStatus.InProgress],
            ExecutionStatus.Paused => [ExecutionStatus.InProgress, ExecutionStatus.Paused],
            ExecutionStatus.Resumed => [ExecutionStatus.InProgress, ExecutionStatus.Paused, ExecutionStatus.Resumed],
            ExecutionStatus.CompletedSuccess => [ExecutionStatus.InProgress, ExecutionStatus.CompletedSuccess],
            ExecutionStatus.CompletedFailure => [ExecutionStatus.CompletedFailure],
            _ => throw new ArgumentOutOfRangeException(nameof(status)),
        };
        foreach (var step in path) execution.TransitionTo(step);
        Assert.Equal(status, execution.Status);
        return execution;
    }
}
