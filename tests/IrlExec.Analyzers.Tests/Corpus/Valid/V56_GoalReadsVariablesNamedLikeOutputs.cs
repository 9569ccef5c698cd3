namespace Corpus.Valid;

// The goal reads only variables; a step output with a similar name is not read there.
[Workflow("invoice-run", Goal = "Invoice {{customer}} for {{period}}")]
public partial class InvoiceRun
{
    [Variable] public required string Customer { get; init; }
    [Variable] public required string Period { get; init; }

    [Step(1)]
    public partial class Bill : IStep
    {
        [Input] public string Customer { get; set; } = "";
        [Input] public string Period { get; set; } = "";
        [Output] public string CustomerInvoice { get; set; } = "";
        public ValueTask ExecuteAsync(StepContext context, CancellationToken cancellationToken) => ValueTask.CompletedTask;
    }
}
