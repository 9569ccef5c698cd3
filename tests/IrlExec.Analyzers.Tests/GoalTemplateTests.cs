using IrlExec.Analyzers.Tests.Infrastructure;

namespace IrlExec.Analyzers.Tests;

/// <summary>IRL0028: the goal is rendered when an execution starts, so it reads only [Variable]s.</summary>
public class GoalTemplateTests
{
    private static string Workflow(string goal) => $$"""
        namespace Demo;

        [Workflow("demo", Goal = "{{goal}}")]
        public partial class Demo
        {
            [Variable] public required string Customer { get; init; }
            [Variable("account_id")] public string Account { get; init; } = "";

            [Step(1)]
            public partial class Create : IStep
            {
                [Input] public string Customer { get; set; } = "";
                [Output] public string AccountId { get; set; } = "";
                public ValueTask ExecuteAsync(StepContext context, CancellationToken cancellationToken) => ValueTask.CompletedTask;
            }

            [Step(2)]
            public partial class Summarize : IStep
            {
                [Output] public string Summary { get; set; } = "";
                public ValueTask ExecuteAsync(StepContext context, CancellationToken cancellationToken) => ValueTask.CompletedTask;
            }
        }
        """;

    [Fact]
    public Task A_goal_that_reads_a_step_output_is_reported_on_the_name() =>
        Verify.Analyzer(
            Workflow("Onboard {{customer}}: {{{|#0:summary|}}}"),
            Verify.Diagnostic("IRL0028").WithLocation(0).WithMessage(
                "The goal of workflow 'demo' reads variable 'summary', which step 2 'Summarize' produces: the goal is rendered when an execution starts, before any step runs, so it can read only [Variable]s. Declare 'summary' with [Variable], or remove it from the Goal."));

    [Fact]
    public Task A_goal_that_reads_variables_is_accepted_even_when_a_step_also_publishes_one() =>
        // account_id is a [Variable] (known at start) that step 1 later overwrites.
        Verify.Analyzer(Workflow("Onboard {{customer}} as {{account_id}}"));

    [Fact]
    public Task A_goal_that_reads_an_unknown_name_stays_IRL0005() =>
        Verify.Analyzer(Workflow("Onboard {{{|IRL0005:custmer|}}}"));
}
