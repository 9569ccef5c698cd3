namespace Corpus.Inventory;

[Workflow({|IRL0014:"Stock Transfer"|})]
public partial class StockTransfer
{
    [Step(1)]
    public partial class Move : IStep
    {
        public ValueTask ExecuteAsync(StepContext context, CancellationToken cancellationToken) => ValueTask.CompletedTask;
    }
}
