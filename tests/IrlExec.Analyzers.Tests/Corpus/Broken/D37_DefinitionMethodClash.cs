namespace Corpus.Inventory;

[Workflow("cycle-count")]
public partial class CycleCount
{
    public static string {|IRL0026:Definition|}() => "counts every bin once a quarter";

    [Step(1)]
    public partial class CountBins : IStep
    {
        public ValueTask ExecuteAsync(StepContext context, CancellationToken cancellationToken) => ValueTask.CompletedTask;
    }
}
