namespace Corpus.Inventory;

[Workflow("pricing")]
public partial class Pricing
{
    [Step(1)]
    public partial class Base : IStep
    {
        [Output] public decimal Price { get; set; }
        public ValueTask ExecuteAsync(StepContext context, CancellationToken cancellationToken) => ValueTask.CompletedTask;
    }

    [Step(2)]
    public partial class Discount : IStep
    {
        [Input] public decimal Price { get; set; }
        [Output("{|IRL0010:price|}")] public decimal Discounted { get; set; }
        public ValueTask ExecuteAsync(StepContext context, CancellationToken cancellationToken)
        {
            Discounted = Price * 0.9m;
            return ValueTask.CompletedTask;
        }
    }
}
