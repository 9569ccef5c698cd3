namespace Corpus.Inventory;

[Workflow("stock-count")]
public partial class StockCount
{
    [Step(1)]
    public partial class Count : IStep
    {
        [Output] public List<string> Items { get; set; } = [];
        public ValueTask ExecuteAsync(StepContext context, CancellationToken cancellationToken) => ValueTask.CompletedTask;
    }

    [Step(2)]
    public partial class Report : IStep
    {
        [Input] public {|IRL0007:int|} Items { get; set; }
        public ValueTask ExecuteAsync(StepContext context, CancellationToken cancellationToken) => ValueTask.CompletedTask;
    }
}
