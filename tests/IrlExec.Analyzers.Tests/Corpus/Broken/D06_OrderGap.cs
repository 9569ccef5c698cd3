namespace Corpus.Inventory;

[Workflow("audit")]
public partial class {|IRL0009:Audit|}
{
    [Step(1)]
    public partial class Collect : IStep
    {
        public ValueTask ExecuteAsync(StepContext context, CancellationToken cancellationToken) => ValueTask.CompletedTask;
    }

    [Step(3)]
    public partial class Publish : IStep
    {
        public ValueTask ExecuteAsync(StepContext context, CancellationToken cancellationToken) => ValueTask.CompletedTask;
    }
}
