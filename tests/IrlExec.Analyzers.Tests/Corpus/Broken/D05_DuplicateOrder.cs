namespace Corpus.Inventory;

[Workflow("restock")]
public partial class Restock
{
    [Step(1)]
    public partial class Check : IStep
    {
        public ValueTask ExecuteAsync(StepContext context, CancellationToken cancellationToken) => ValueTask.CompletedTask;
    }

    [Step({|IRL0008:1|})]
    public partial class Order : IStep
    {
        public ValueTask ExecuteAsync(StepContext context, CancellationToken cancellationToken) => ValueTask.CompletedTask;
    }
}
