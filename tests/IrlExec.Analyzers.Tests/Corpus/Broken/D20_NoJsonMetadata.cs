namespace Corpus.Onboarding;

public sealed record Customer(string Name, string Email);

[Workflow("customer-import")]
public partial class CustomerImport
{
    [Step(1)]
    public partial class Load : IStep
    {
        [Output] public {|IRL0019:List<Customer>|} Customers { get; set; } = [];
        public ValueTask ExecuteAsync(StepContext context, CancellationToken cancellationToken) => ValueTask.CompletedTask;
    }
}
