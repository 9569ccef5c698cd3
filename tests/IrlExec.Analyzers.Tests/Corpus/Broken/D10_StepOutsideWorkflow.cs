namespace Corpus.Inventory;

[{|IRL0013:Step(1)|}]
public partial class Orphan : IStep
{
    public ValueTask ExecuteAsync(StepContext context, CancellationToken cancellationToken) => ValueTask.CompletedTask;
}
