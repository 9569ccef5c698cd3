namespace Corpus.Onboarding;

[Workflow("ssh-deploy")]
public partial class SshDeploy
{
    [Variable("ssh_key"), Secret] public string SshKey { get; init; } = "";

    [Step(1)]
    public partial class Deploy : IStep
    {
        [Input("ssh_key"), Secret] public string Key { get; set; } = "";

        public ValueTask ExecuteAsync(StepContext context, CancellationToken cancellationToken)
        {
            var args = string.Join(" ", "ssh", "-i", Key, "deploy@host");
            context.RecordToolCall("Bash", {|IRL0017:args|});
            return ValueTask.CompletedTask;
        }
    }
}
