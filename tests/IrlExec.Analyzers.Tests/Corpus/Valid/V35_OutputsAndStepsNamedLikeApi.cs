namespace Corpus.Valid;

[Workflow("release-notes")]
public partial class ReleaseNotes
{
    [Step(1)]
    public partial class Draft : IStep
    {
        [Output] public string Plan { get; set; } = "";
        [Output] public string Definition { get; set; } = "";
        public ValueTask ExecuteAsync(StepContext context, CancellationToken cancellationToken) => ValueTask.CompletedTask;
    }

    public static string Describe() => Plan.Name + " has " + Definition.Steps.Count + " steps";
}
