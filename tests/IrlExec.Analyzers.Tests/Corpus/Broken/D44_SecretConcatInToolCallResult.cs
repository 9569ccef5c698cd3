namespace Corpus.Integrations;

[Workflow("crm-sync")]
public partial class CrmSync
{
    [Variable("crm_token"), Secret] public string CrmToken { get; init; } = "";

    [Step(1)]
    public partial class Push : IStep
    {
        [Input("crm_token"), Secret] public string Token { get; set; } = "";

        public ValueTask ExecuteAsync(StepContext context, CancellationToken cancellationToken)
        {
            var header = string.Concat("Authorization: Bearer ", Token, "\n");
            context.RecordToolCall("http.post", "https://crm.example/contacts", {|IRL0017:header|});
            return ValueTask.CompletedTask;
        }
    }
}
