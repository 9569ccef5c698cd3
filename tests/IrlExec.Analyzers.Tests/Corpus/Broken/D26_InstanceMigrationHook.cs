namespace Corpus.Onboarding;

[Workflow("contracts", Version = 2)]
public partial class Contracts
{
    [{|IRL0025:WorkflowMigration|}]
    public void Migrate(PlanMigrationContext context) => Console.WriteLine(context);

    [Step(1)]
    public partial class Sign : IStep
    {
        public ValueTask ExecuteAsync(StepContext context, CancellationToken cancellationToken) => ValueTask.CompletedTask;
    }
}
