namespace Corpus.Inventory;

[Workflow("labels")]
public partial class Labels
{
    [Step(1)]
    public sealed class {|IRL0011:Print|} : IStep
    {
        public ValueTask ExecuteAsync(StepContext context, CancellationToken cancellationToken) => ValueTask.CompletedTask;
    }
}
