namespace Corpus.Onboarding;

[Workflow("token-refresh")]
public partial class TokenRefresh
{
    [Variable("refresh_token"), Secret] public string RefreshToken { get; init; } = "";

    [Step(1)]
    public partial class Refresh : IStep
    {
        [Input("refresh_token"), Secret] public string Token { get; set; } = "";
        [Output] public string Header { get; set; } = "";

        public ValueTask ExecuteAsync(StepContext context, CancellationToken cancellationToken)
        {
            Header = string.Concat("Bearer ", {|IRL0017:Token|});
            return ValueTask.CompletedTask;
        }
    }
}
