namespace Corpus.Valid;

[Workflow("order-fulfilment", Goal = "Fulfil order {{order_id}}")]
public partial class OrderFulfilment
{
    [Variable] public required string OrderId { get; init; }
}

public partial class OrderFulfilment
{
    [Step(1)]
    public partial class Pick : IStep
    {
        [Input] public string OrderId { get; set; } = "";
        [Output] public List<string> Items { get; set; } = [];
        public ValueTask ExecuteAsync(StepContext context, CancellationToken cancellationToken)
        {
            Items = [OrderId + "-1"];
            return ValueTask.CompletedTask;
        }
    }
}

public partial class OrderFulfilment
{
    [Step(2)]
    public partial class Ship : IStep
    {
        [Input] public List<string> Items { get; set; } = [];
        [Output] public int Shipped { get; set; }
        public ValueTask ExecuteAsync(StepContext context, CancellationToken cancellationToken)
        {
            Shipped = Items.Count;
            return ValueTask.CompletedTask;
        }
    }

    public static Task<ExecutionResult> RunForAsync(WorkflowRunner runner, string orderId) =>
        RunAsync(runner, new OrderFulfilment { OrderId = orderId });
}
