namespace Corpus.Inventory;

[Workflow("transfer")]
public partial class Transfer
{
    [Variable] public required string SourceBin { get; init; }

    [Step(1)]
    public partial class Move : IStep
    {
        [Input] public string {|IRL0005:SorceBin|} { get; set; } = "";
        public ValueTask ExecuteAsync(StepContext context, CancellationToken cancellationToken) => ValueTask.CompletedTask;
    }
}
