namespace Corpus.Inventory;

[Workflow("returns")]
public partial class Returns
{
    [Step(1)]
    public partial class {|IRL0012:Inspect|}
    {
        public Task RunAsync() => Task.CompletedTask;
    }
}
