namespace Corpus.Onboarding;

[Workflow("provisioning")]
public partial class Provisioning
{
    [Step(1)]
    public partial class Notify : IStep
    {
        [Input("{|IRL0006:account_id|}")] public string Account { get; set; } = "";
        public ValueTask ExecuteAsync(StepContext context, CancellationToken cancellationToken) => ValueTask.CompletedTask;
    }

    [Step(2)]
    public partial class CreateAccount : IStep
    {
        [Output] public string AccountId { get; set; } = "";
        public ValueTask ExecuteAsync(StepContext context, CancellationToken cancellationToken)
        {
            AccountId = Guid.NewGuid().ToString("N");
            return ValueTask.CompletedTask;
        }
    }
}
