using IrlExec.Analyzers.Tests.Infrastructure;

namespace IrlExec.Analyzers.Tests;

/// <summary>IRL0001 / IRL0002: status transitions on WorkflowExecution locals, known by flow analysis of the method.</summary>
public class StatusTransitionTests
{
    private static string Host(string body) => $$"""
        public static class Host
        {
            public static void Run(bool flag, int count)
            {
        {{body}}
            }
        }
        """;

    [Fact]
    public async Task Valid_lifecycle_in_straight_line_code_is_not_reported()
    {
        await Verify.Analyzer(Host("""
                    var execution = WorkflowExecution.Create("demo", ExecutionMode.Execution);
                    execution.TransitionTo(ExecutionStatus.InProgress);
                    execution.Pause("waiting for approval");
                    execution.Resume();
                    execution.Complete();
            """));
    }

    [Fact]
    public async Task Straight_line_invalid_transition_is_reported_with_both_states_and_the_allowed_ones()
    {
        await Verify.Analyzer(Host("""
                    var execution = WorkflowExecution.Start("demo", ExecutionMode.Execution);
                    {|#0:execution.Resume()|};
            """),
            Verify.Diagnostic("IRL0001").WithLocation(0).WithMessage("Execution 'execution' is IN_PROGRESS here and cannot move to RESUMED; allowed from IN_PROGRESS: PAUSED, COMPLETED_SUCCESS, COMPLETED_FAILURE. Move to an allowed status first, or remove this transition."));
    }

    [Fact]
    public async Task Create_starts_in_planning_so_pausing_before_starting_is_reported()
    {
        await Verify.Analyzer(Host("""
                    var execution = WorkflowExecution.Create("demo", ExecutionMode.Simulation);
                    {|IRL0001:execution.Pause("too early")|};
            """));
    }

    [Fact]
    public async Task TransitionTo_with_a_constant_is_checked()
    {
        await Verify.Analyzer(Host("""
                    var execution = WorkflowExecution.Start("demo", ExecutionMode.Execution);
                    execution.TransitionTo(ExecutionStatus.Paused, "wait");
                    {|IRL0001:execution.TransitionTo(ExecutionStatus.CompletedSuccess)|};
            """));
    }

    [Fact]
    public async Task TransitionTo_with_a_non_constant_status_makes_the_status_unknown()
    {
        await Verify.Analyzer(Host("""
                    var execution = WorkflowExecution.Start("demo", ExecutionMode.Execution);
                    var target = flag ? ExecutionStatus.Paused : ExecutionStatus.CompletedSuccess;
                    execution.TransitionTo(target);
                    execution.Resume();
            """));
    }

    [Fact]
    public async Task Any_transition_out_of_a_completed_execution_is_reported_as_terminal()
    {
        await Verify.Analyzer(Host("""
                    var execution = WorkflowExecution.Start("demo", ExecutionMode.Execution);
                    execution.Complete();
                    {|#0:execution.Fail("too late")|};
            """),
            Verify.Diagnostic("IRL0002").WithLocation(0).WithMessage("Execution 'execution' is already COMPLETED_SUCCESS, a terminal status, and cannot move to COMPLETED_FAILURE: a finished execution's history is immutable. Remove this transition or start a new execution."));
    }

    [Fact]
    public async Task Failed_execution_cannot_be_resumed()
    {
        await Verify.Analyzer(Host("""
                    var execution = WorkflowExecution.Start("demo", ExecutionMode.Execution);
                    execution.Fail("broken");
                    {|IRL0002:execution.Resume()|};
            """));
    }

    [Fact]
    public async Task Only_the_first_of_consecutive_invalid_transitions_is_reported()
    {
        // After a reported transition the analysis continues from its target status, so one mistake gives one error.
        await Verify.Analyzer(Host("""
                    var execution = WorkflowExecution.Start("demo", ExecutionMode.Execution);
                    {|IRL0001:execution.Resume()|};
                    execution.Pause("now valid from RESUMED");
            """));
    }

    [Fact]
    public async Task If_else_branches_that_agree_keep_the_status_known()
    {
        await Verify.Analyzer(Host("""
                    var execution = WorkflowExecution.Start("demo", ExecutionMode.Execution);
                    if (flag) execution.Pause("left");
                    else execution.Pause("right");
                    {|IRL0001:execution.Complete()|};
            """));
    }

    [Fact]
    public async Task If_else_branches_that_agree_on_a_valid_path_are_not_reported()
    {
        await Verify.Analyzer(Host("""
                    var execution = WorkflowExecution.Start("demo", ExecutionMode.Execution);
                    if (flag) execution.Pause("left");
                    else execution.Pause("right");
                    execution.Resume();
                    execution.Complete();
            """));
    }

    [Fact]
    public async Task Branches_that_disagree_make_the_status_unknown_and_nothing_is_reported()
    {
        await Verify.Analyzer(Host("""
                    var execution = WorkflowExecution.Start("demo", ExecutionMode.Execution);
                    if (flag) execution.Pause("waiting");
                    execution.Complete();
            """));
    }

    [Fact]
    public async Task Transition_inside_a_loop_is_reported_from_the_second_iteration_state()
    {
        // The first iteration is valid (IN_PROGRESS → PAUSED), the loop-back state PAUSED → PAUSED is not: at the loop head the
        // paths disagree (IN_PROGRESS from the entry, PAUSED from the back edge), so only a status that holds on every path is
        // reported. Here the pause-resume pair brings it back to RESUMED on the back edge, and RESUMED → PAUSED is valid.
        await Verify.Analyzer(Host("""
                    var execution = WorkflowExecution.Start("demo", ExecutionMode.Execution);
                    for (var i = 0; i < count; i++)
                    {
                        execution.Pause("batch " + i);
                        execution.Resume();
                    }
                    execution.Complete();
            """));
    }

    [Fact]
    public async Task Loop_that_completes_the_execution_reports_the_second_completion_after_the_fixpoint()
    {
        // The loop head merges IN_PROGRESS (entry) with COMPLETED_SUCCESS (back edge): unknown, so no report inside the loop.
        // After the loop the state is unknown too (zero or more iterations). A completion after a loop that always
        // completes first, though, is known.
        await Verify.Analyzer(Host("""
                    var execution = WorkflowExecution.Start("demo", ExecutionMode.Execution);
                    while (count > 0)
                    {
                        execution.Complete();
                        count--;
                    }
                    execution.Complete();
                    do
                    {
                        count++;
                    }
                    while (count < 3);
                    {|IRL0002:execution.Pause("after do-while")|};
            """));
    }

    [Fact]
    public async Task Loop_body_that_repeats_a_completion_is_not_reported_when_the_head_state_is_unknown()
    {
        await Verify.Analyzer(Host("""
                    var execution = WorkflowExecution.Start("demo", ExecutionMode.Execution);
                    foreach (var item in new[] { 1, 2, 3 })
                    {
                        if (item == count) { execution.Complete(); break; }
                    }
            """));
    }

    [Fact]
    public async Task Loop_that_keeps_the_status_lets_a_later_invalid_transition_be_reported()
    {
        await Verify.Analyzer(Host("""
                    var execution = WorkflowExecution.Start("demo", ExecutionMode.Execution);
                    for (var i = 0; i < count; i++)
                    {
                        Console.WriteLine(execution.Status);
                    }
                    {|IRL0001:execution.Resume()|};
            """));
    }

    [Fact]
    public async Task Transition_in_finally_is_known_after_the_try()
    {
        await Verify.Analyzer(Host("""
                    var execution = WorkflowExecution.Start("demo", ExecutionMode.Execution);
                    try
                    {
                        Console.WriteLine("work");
                    }
                    finally
                    {
                        execution.Complete();
                    }
                    {|IRL0002:execution.Complete()|};
            """));
    }

    [Fact]
    public async Task Transition_inside_try_is_known_after_a_try_finally()
    {
        await Verify.Analyzer(Host("""
                    var execution = WorkflowExecution.Start("demo", ExecutionMode.Execution);
                    try
                    {
                        execution.Pause("waiting");
                    }
                    finally
                    {
                        Console.WriteLine("cleanup");
                    }
                    {|IRL0001:execution.Complete()|};
            """));
    }

    [Fact]
    public async Task Finally_block_is_entered_with_the_merge_of_every_state_in_the_try()
    {
        // An exception can leave the try before or after the pause, so in the finally the status is unknown.
        await Verify.Analyzer(Host("""
                    var execution = WorkflowExecution.Start("demo", ExecutionMode.Execution);
                    try
                    {
                        Console.WriteLine("may throw");
                        execution.Pause("waiting");
                    }
                    finally
                    {
                        execution.Fail("cleanup");
                    }
            """));
    }

    [Fact]
    public async Task Catch_block_is_entered_with_the_merge_of_every_state_in_the_try()
    {
        await Verify.Analyzer(Host("""
                    var execution = WorkflowExecution.Start("demo", ExecutionMode.Execution);
                    try
                    {
                        Console.WriteLine("may throw");
                        execution.Complete();
                    }
                    catch (InvalidOperationException)
                    {
                        execution.Fail("failed");
                    }
            """));
    }

    [Fact]
    public async Task Catch_block_reports_when_every_state_in_the_try_agrees()
    {
        await Verify.Analyzer(Host("""
                    var execution = WorkflowExecution.Start("demo", ExecutionMode.Execution);
                    execution.Complete();
                    try
                    {
                        Console.WriteLine("may throw");
                    }
                    catch (InvalidOperationException)
                    {
                        {|IRL0002:execution.Fail("failed")|};
                    }
            """));
    }

    [Fact]
    public async Task Execution_passed_to_a_helper_of_this_compilation_takes_the_helpers_transitions()
    {
        // Advance pauses it, so the resume after the call is valid (and a second resume is not).
        await Verify.Analyzer("""
            public static class Host
            {
                public static void Run()
                {
                    var execution = WorkflowExecution.Start("demo", ExecutionMode.Execution);
                    Advance(execution);
                    execution.Resume();
                    {|IRL0001:execution.Resume()|};
                }

                private static void Advance(WorkflowExecution execution) => execution.Pause("by a helper");
            }
            """);
    }

    [Fact]
    public Task Helper_transition_refused_from_the_callers_status_is_reported_at_the_call_naming_the_helper() =>
        Verify.Analyzer("""
            public static class Host
            {
                public static void Run()
                {
                    var execution = WorkflowExecution.Start("demo", ExecutionMode.Execution);
                    {|#0:Continue(execution)|};
                }

                private static void Continue(WorkflowExecution execution) => execution.Resume();
            }
            """,
            Verify.Diagnostic("IRL0001").WithLocation(0).WithMessage("Execution 'execution' is IN_PROGRESS here and cannot move to RESUMED (in 'Continue'); allowed from IN_PROGRESS: PAUSED, COMPLETED_SUCCESS, COMPLETED_FAILURE. Move to an allowed status first, or remove this transition."));

    [Fact]
    public Task Helper_called_with_an_execution_it_may_store_or_pass_on_is_not_followed() =>
        Verify.Analyzer("""
            public static class Host
            {
                private static readonly List<WorkflowExecution> All = [];

                public static void Run()
                {
                    var execution = WorkflowExecution.Start("demo", ExecutionMode.Execution);
                    Keep(execution);
                    execution.Complete();
                    execution.Complete();
                }

                private static void Keep(WorkflowExecution execution) => All.Add(execution);
            }
            """);

    [Fact]
    public Task Every_path_terminal_is_reported_with_both_statuses() =>
        Verify.Analyzer(Host("""
                    var execution = WorkflowExecution.Start("demo", ExecutionMode.Execution);
                    try { Console.WriteLine("work"); execution.Complete(); }
                    catch (IOException e) { execution.Fail(e.Message); }
                    {|#0:execution.Pause("again")|};
            """),
            Verify.Diagnostic("IRL0002").WithLocation(0).WithMessage("Execution 'execution' is already COMPLETED_SUCCESS or COMPLETED_FAILURE, a terminal status, and cannot move to PAUSED: a finished execution's history is immutable. Remove this transition or start a new execution."));

    [Fact]
    public Task Transition_refused_from_each_possible_status_lists_what_each_allows() =>
        Verify.Analyzer("""
            public static class Host
            {
                public static void Finish(WorkflowExecution execution)
                {
                    if (execution.Status is ExecutionStatus.Planning or ExecutionStatus.Paused) {|#0:execution.Complete()|};
                }
            }
            """,
            Verify.Diagnostic("IRL0001").WithLocation(0).WithMessage("Execution 'execution' is PLANNING or PAUSED here and cannot move to COMPLETED_SUCCESS; allowed from PLANNING or PAUSED: IN_PROGRESS, COMPLETED_FAILURE from PLANNING; RESUMED, COMPLETED_FAILURE from PAUSED. Move to an allowed status first, or remove this transition."));

    [Fact]
    public Task Two_locals_for_one_execution_are_one_execution() =>
        // The false positive of issue 23: current and second hold the same execution.
        Verify.Analyzer(Host("""
                    var first = WorkflowExecution.Start("a", ExecutionMode.Execution);
                    var second = WorkflowExecution.Start("b", ExecutionMode.Execution);
                    var current = first;
                    current.Complete();
                    current = second;
                    current.Pause("waiting");
                    second.Resume();
                    current.Complete();
                    {|IRL0002:first.Fail("late")|};
            """));

    [Fact]
    public Task A_reference_that_may_hold_either_of_two_executions_is_reported_only_when_both_refuse() =>
        Verify.Analyzer(Host("""
                    var a = WorkflowExecution.Start("a", ExecutionMode.Execution);
                    var b = WorkflowExecution.Start("b", ExecutionMode.Execution);
                    a.Complete();
                    var either = flag ? a : b;
                    either.Pause("maybe");
                    b.Complete();
                    var finished = flag ? a : b;
                    {|IRL0002:finished.Resume()|};
            """));

    [Fact]
    public Task Execution_reached_through_a_ref_local_is_not_tracked() =>
        // r is a's storage: r = b makes a hold b, so a.Complete() completes b (in progress) and is valid.
        Verify.Analyzer(Host("""
                    var a = WorkflowExecution.Start("a", ExecutionMode.Execution);
                    var b = WorkflowExecution.Start("b", ExecutionMode.Execution);
                    a.Complete();
                    ref var r = ref a;
                    r = b;
                    a.Complete();
            """));

    [Fact]
    public Task Execution_assigned_through_a_ref_reassignment_is_not_tracked() =>
        Verify.Analyzer(Host("""
                    var a = WorkflowExecution.Start("a", ExecutionMode.Execution);
                    var b = WorkflowExecution.Start("b", ExecutionMode.Execution);
                    var c = WorkflowExecution.Start("c", ExecutionMode.Execution);
                    a.Complete();
                    ref var r = ref c;
                    r = ref a;
                    r = b;
                    a.Complete();
            """));

    [Fact]
    public Task Interface_method_of_another_assembly_may_run_an_implementation_that_changes_the_execution() =>
        // pauser.Dispose() is PauseOnDispose.Dispose, which pauses the same execution: the resume is valid.
        Verify.Analyzer("""
            public sealed class PauseOnDispose(WorkflowExecution execution) : IDisposable
            {
                public void Dispose() => execution.Pause("on dispose");
            }

            public static class Host
            {
                public static void Run(WorkflowExecution execution, IDisposable pauser)
                {
                    if (execution.Status != ExecutionStatus.InProgress) return;
                    pauser.Dispose();
                    execution.Resume();
                    execution.Complete();
                }
            }
            """);

    [Fact]
    public Task Object_of_this_compilation_passed_to_another_assembly_may_be_called_back() =>
        // List.Sort calls Resumer.Compare, which resumes the same execution: the completion is valid.
        Verify.Analyzer("""
            public sealed class Resumer(WorkflowExecution execution) : IComparer<int>
            {
                public int Compare(int x, int y)
                {
                    if (execution.Status == ExecutionStatus.Paused) execution.Resume();
                    return x.CompareTo(y);
                }
            }

            public static class Host
            {
                public static void Run(WorkflowExecution execution, Resumer resumer, List<int> items)
                {
                    if (execution.Status != ExecutionStatus.Paused) return;
                    items.Sort(resumer);
                    execution.Complete();
                }
            }
            """);

    [Fact]
    public Task Call_of_another_assembly_without_callbacks_keeps_what_is_known_of_a_parameter() =>
        Verify.Analyzer("""
            public static class Host
            {
                public static void Run(WorkflowExecution execution, List<int> items)
                {
                    if (execution.Status != ExecutionStatus.Paused) return;
                    items.Sort();
                    Console.WriteLine(items.Count);
                    {|IRL0001:execution.Complete()|};
                }
            }
            """);

    [Fact]
    public Task Factory_of_this_compilation_gives_a_new_execution_with_its_status() =>
        Verify.Analyzer("""
            public static class Host
            {
                public static void Run()
                {
                    var execution = Begin();
                    execution.Pause("approval");
                    {|IRL0001:execution.Complete()|};
                }

                private static WorkflowExecution Begin() => WorkflowExecution.Start("demo", ExecutionMode.Execution);
            }
            """);

    [Fact]
    public Task Switch_on_the_status_narrows_each_case() =>
        Verify.Analyzer("""
            public static class Host
            {
                public static void Tick(WorkflowExecution execution)
                {
                    switch (execution.Status)
                    {
                        case ExecutionStatus.Paused:
                            execution.Resume();
                            break;
                        case ExecutionStatus.InProgress:
                            {|IRL0001:execution.Resume()|};
                            break;
                    }
                }
            }
            """);

    [Fact]
    public Task Field_is_followed_until_code_that_may_assign_it_runs() =>
        Verify.Analyzer("""
            public sealed class Host
            {
                private WorkflowExecution _execution = WorkflowExecution.Create("demo", ExecutionMode.Execution);

                public void Run()
                {
                    _execution.Fail("stop");
                    {|IRL0002:_execution.Fail("twice")|};
                    Reset();
                    _execution.Fail("a new one");
                }

                private void Reset() => _execution = WorkflowExecution.Start("demo", ExecutionMode.Execution);
            }
            """);

    [Fact]
    public async Task Execution_captured_by_a_lambda_is_not_tracked()
    {
        await Verify.Analyzer(Host("""
                    var execution = WorkflowExecution.Start("demo", ExecutionMode.Execution);
                    Action pause = () => execution.Pause("later");
                    pause();
                    execution.Resume();
            """));
    }

    [Fact]
    public async Task Locals_inside_a_lambda_are_analyzed_on_their_own()
    {
        await Verify.Analyzer(Host("""
                    Action run = () =>
                    {
                        var inner = WorkflowExecution.Start("demo", ExecutionMode.Execution);
                        inner.Complete();
                        {|IRL0002:inner.Complete()|};
                    };
                    run();
            """));
    }

    [Fact]
    public async Task Local_functions_are_analyzed()
    {
        await Verify.Analyzer(Host("""
                    Go();
                    void Go()
                    {
                        var inner = WorkflowExecution.Create("demo", ExecutionMode.Execution);
                        {|IRL0001:inner.Complete()|};
                    }
            """));
    }

    [Fact]
    public async Task Reassigning_the_local_starts_over_from_the_new_execution()
    {
        await Verify.Analyzer(Host("""
                    var execution = WorkflowExecution.Start("demo", ExecutionMode.Execution);
                    execution.Complete();
                    execution = WorkflowExecution.Start("demo", ExecutionMode.Execution);
                    execution.Pause("fresh");
            """));
    }

    [Fact]
    public async Task Parameters_have_an_unknown_status_until_a_transition()
    {
        await Verify.Analyzer("""
            public static class Host
            {
                public static void Drive(WorkflowExecution execution)
                {
                    execution.Resume();
                    {|IRL0001:execution.Resume()|};
                }
            }
            """);
    }

    [Fact]
    public Task Top_level_statements_are_analyzed() =>
        // A program's top-level statements are one method body, like any other.
        Verify.Run(framework => new IrlExecTest(framework)
        {
            TestState = { OutputKind = Microsoft.CodeAnalysis.OutputKind.ConsoleApplication },
            TestCode = """
                var execution = WorkflowExecution.Start("demo", ExecutionMode.Execution);
                execution.Complete();
                {|IRL0002:execution.Pause("late")|};
                """,
        });

    [Fact]
    public async Task Status_check_makes_the_status_known_inside_the_branch()
    {
        await Verify.Analyzer("""
            public static class Host
            {
                public static void Drive(WorkflowExecution execution)
                {
                    if (execution.Status == ExecutionStatus.Paused)
                    {
                        {|IRL0001:execution.Complete()|};
                    }
                }
            }
            """);
    }

    [Fact]
    public async Task Status_check_with_is_not_and_an_early_return_makes_the_status_known_after_it()
    {
        await Verify.Analyzer("""
            public static class Host
            {
                public static void Drive(WorkflowExecution execution)
                {
                    if (execution.Status is not ExecutionStatus.Paused) return;
                    execution.Resume();
                    {|IRL0001:execution.Resume()|};
                }
            }
            """);
    }

    [Fact]
    public async Task Guarded_transition_is_fine_when_the_guard_matches()
    {
        await Verify.Analyzer("""
            public static class Host
            {
                public static void Drive(WorkflowExecution execution)
                {
                    if (execution.Status == ExecutionStatus.Paused) execution.Resume();
                    if (!(execution.Status != ExecutionStatus.InProgress)) execution.Complete();
                }
            }
            """);
    }

    [Fact]
    public async Task Branch_that_the_known_status_rules_out_is_not_reported()
    {
        // Right after Start the execution is IN_PROGRESS, so the "is Paused" branch never runs.
        await Verify.Analyzer(Host("""
                    var execution = WorkflowExecution.Start("demo", ExecutionMode.Execution);
                    if (execution.Status == ExecutionStatus.Paused) execution.Resume();
                    execution.Complete();
            """));
    }
}
