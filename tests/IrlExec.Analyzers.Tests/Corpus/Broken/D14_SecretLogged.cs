namespace Corpus.Onboarding;

[Workflow("crm-sync")]
public partial class CrmSync
{
    [Variable("api_key"), Secret] public string ApiKey { get; init; } = "";

    [Step(1)]
    public partial class Push : IStep
    {
        [Input("api_key"), Secret] public string ApiKey { get; set; } = "";

        public ValueTask ExecuteAsync(StepContext context, CancellationToken cancellationToken)
        {
            context.Log(ExecutionLogLevel.Debug, $"pushing with key {{|IRL0017:ApiKey|}}");
            return ValueTask.CompletedTask;
        }
    }
}
