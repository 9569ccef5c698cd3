namespace Corpus.Valid;

[Workflow("key-rotation")]
public partial class KeyRotation
{
    [Variable("api_key"), Secret] public string ApiKey { get; init; } = "";

    [Step(1)]
    public partial class Rotate : IStep
    {
        [Input("api_key"), Secret] public string Key { get; set; } = "";

        public ValueTask ExecuteAsync(StepContext context, CancellationToken cancellationToken)
        {
            context.Log(string.Format("rotating a key of {0} characters", Key.Length));
            context.Log(string.Concat("key present: ", (Key.Length > 0).ToString()));
            return ValueTask.CompletedTask;
        }
    }
}
