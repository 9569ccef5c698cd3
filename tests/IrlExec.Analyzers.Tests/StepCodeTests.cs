using IrlExec.Analyzers.Tests.Infrastructure;

namespace IrlExec.Analyzers.Tests;

/// <summary>IRL0003, IRL0004, IRL0017: code inside steps and hosts — resuming from a running step, step statuses, secret leaks.</summary>
public class StepCodeTests
{
    private static string StepWith(string members, string body) => Workflows.OneStep(
        "[Step(1)] public partial class Only : IStep",
        members + "\n" + $$"""
                public ValueTask RunAsync(StepContext context, WorkflowExecution execution, WorkflowRunner runner, WorkflowDefinition definition)
                {
        {{body}}
                    return ValueTask.CompletedTask;
                }
        """);

    [Fact]
    public async Task Resume_called_inside_a_step_is_reported()
    {
        await Verify.Analyzer(StepWith("", "            {|#0:execution.Resume()|};"),
            Verify.Diagnostic("IRL0003").WithLocation(0).WithMessage("'WorkflowExecution.Resume' is called inside step 'Only', while its execution is running: a step cannot resume an execution. Call context.Pause(reason) and return, then resume from the host once the execution is PAUSED."));
    }

    [Fact]
    public async Task TransitionTo_resumed_and_runner_resume_inside_a_step_are_reported()
    {
        await Verify.Analyzer(StepWith("", """
                    {|IRL0003:execution.TransitionTo(ExecutionStatus.Resumed)|};
                    _ = {|IRL0003:runner.ResumeAsync(definition, context.ExecutionId)|};
                    Action later = () => {|IRL0003:execution.Resume()|};
        """));
    }

    [Fact]
    public async Task Resume_in_a_host_and_pause_inside_a_step_are_fine()
    {
        await Verify.Analyzer(StepWith("", """
                    context.Pause("waiting for approval");
                    execution.TransitionTo(ExecutionStatus.Paused);
        """) + """

            public static class Host
            {
                public static void Drive(WorkflowExecution execution) => execution.Resume();
            }
            """);
    }

    [Fact]
    public async Task Completing_a_step_that_never_started_is_reported()
    {
        await Verify.Analyzer("""
            public static class Host
            {
                public static StepState Make()
                {
                    var step = new StepState { Order = 1, Name = "list" };
                    {|#0:step.Status = StepStatus.Completed|};
                    return step;
                }
            }
            """,
            Verify.Diagnostic("IRL0004").WithLocation(0).WithMessage("Step state 'step' is PENDING here and cannot move to COMPLETED; allowed from PENDING: RUNNING. A step must be RUNNING before it is COMPLETED or FAILED."));
    }

    [Fact]
    public async Task Step_that_runs_then_completes_is_fine_and_its_initializer_is_not_a_transition()
    {
        await Verify.Analyzer("""
            public static class Host
            {
                public static void Make(bool failed)
                {
                    var step = new StepState { Order = 1, Status = StepStatus.Pending };
                    step.Status = StepStatus.Running;
                    step.Status = failed ? StepStatus.Failed : StepStatus.Completed;
                    var restored = new StepState { Status = StepStatus.Completed };
                    Console.WriteLine(restored.Status);
                }
            }
            """);
    }

    [Fact]
    public async Task Completed_step_cannot_run_again()
    {
        await Verify.Analyzer("""
            public static class Host
            {
                public static void Make()
                {
                    var step = new StepState { Status = StepStatus.Completed };
                    {|IRL0004:step.Status = StepStatus.Running|};
                }
            }
            """);
    }

    [Fact]
    public async Task Secret_passed_to_log_is_a_warning_on_the_secret()
    {
        // Verify.Diagnostic checks the descriptor's severity, a warning (the markup ids do too).
        await Verify.Analyzer(Workflows.OneStep(
            "[Step(1)] public partial class Only : IStep",
            """
                    [Input("api_token"), Secret] public string Token { get; set; } = "";

                    public void Work(StepContext context)
                    {
                        context.Log("token is " + {|#0:Token|});
                        context.Log(ExecutionLogLevel.Warn, $"using {{|IRL0017:Token|}}");
                        context.RecordMessage("user", {|IRL0017:Token|});
                    }
            """,
            """    [Variable("api_token"), Secret] public string Token { get; init; } = "";"""),
            // A log call has no output to mark [Secret]: the advice is about the call.
            Verify.Diagnostic("IRL0017").WithLocation(0).WithMessage("Secret 'Token' is passed to StepContext.Log: secrets must never reach logs, messages or non-secret outputs. Remove it from the call; to show that it is there, record something that does not reveal it (whether it is set, its length)."));
    }

    [Fact]
    public async Task Secret_copied_to_a_local_then_logged_is_reported_where_it_is_logged()
    {
        await Verify.Analyzer(Workflows.OneStep(
            "[Step(1)] public partial class Only : IStep",
            """
                    [Input("api_token"), Secret] public string Token { get; set; } = "";

                    public void Work(StepContext context)
                    {
                        var header = "Bearer " + Token;
                        context.Log({|IRL0017:header|});
                    }
            """,
            """    [Variable("api_token"), Secret] public string Token { get; init; } = "";"""));
    }

    [Fact]
    public async Task Secret_assigned_to_a_non_secret_output_is_reported_and_to_a_secret_output_is_not()
    {
        await Verify.Analyzer(Workflows.OneStep(
            "[Step(1)] public partial class Only : IStep",
            """
                    [Input("api_token"), Secret] public string Token { get; set; } = "";
                    [Output] public string Header { get; set; } = "";
                    [Output, Secret] public string SecretHeader { get; set; } = "";

                    public void Work()
                    {
                        Header = "Bearer " + {|#0:Token|};
                        SecretHeader = "Bearer " + Token;
                    }
            """,
            """    [Variable("api_token"), Secret] public string Token { get; init; } = "";"""),
            Verify.Diagnostic("IRL0017").WithLocation(0).WithMessage("Secret 'Token' is assigned to output 'Header', which is not [Secret]: secrets must never reach logs, messages or non-secret outputs. Remove it, or mark the output [Secret]."));
    }

    [Fact]
    public async Task Values_computed_from_a_secret_are_not_leaks()
    {
        await Verify.Analyzer(Workflows.OneStep(
            "[Step(1)] public partial class Only : IStep",
            """
                    [Input("api_token"), Secret] public string Token { get; set; } = "";
                    [Output] public int TokenLength { get; set; }

                    public void Work(StepContext context)
                    {
                        TokenLength = Token.Length;
                        context.Log($"token has {Token.Length} characters, set: {!string.IsNullOrEmpty(Token)}");
                    }
            """,
            """    [Variable("api_token"), Secret] public string Token { get; init; } = "";"""));
    }
}
