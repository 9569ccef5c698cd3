namespace Corpus.Inventory;

[Workflow("archive")]
public partial class Archive
{
    [Variable] public required string Folder { get; init; }

    [Step(1)]
    public partial class Pack : IStep
    {
        [Input(Template = {|IRL0015:"{{folder}/archive.zip"|})] public string Target { get; set; } = "";
        public ValueTask ExecuteAsync(StepContext context, CancellationToken cancellationToken) => ValueTask.CompletedTask;
    }
}
