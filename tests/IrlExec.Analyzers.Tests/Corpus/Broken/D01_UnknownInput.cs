namespace Corpus.Onboarding;

[Workflow("customer-onboarding", Goal = "Onboard {{customer_name}}")]
public partial class CustomerOnboarding
{
    [Variable] public required string CustomerName { get; init; }

    [Step(1)]
    public partial class CreateAccount : IStep
    {
        [Input("{|IRL0005:customer_nme|}")] public string Name { get; set; } = "";
        [Output] public string AccountId { get; set; } = "";

        public ValueTask ExecuteAsync(StepContext context, CancellationToken cancellationToken)
        {
            AccountId = "acc-" + Name.ToLowerInvariant();
            return ValueTask.CompletedTask;
        }
    }
}
