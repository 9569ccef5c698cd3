namespace Corpus.Onboarding;

[Workflow("vault-read")]
public partial class VaultRead
{
    [Step(1)]
    public partial class Read : IStep
    {
        [Output, Secret] public string DbPassword { get; set; } = "";
        [Output] public string ConnectionString { get; set; } = "";

        public ValueTask ExecuteAsync(StepContext context, CancellationToken cancellationToken)
        {
            DbPassword = Environment.GetEnvironmentVariable("DB_PASSWORD") ?? "";
            ConnectionString = $"Host=db;Password={{|IRL0017:DbPassword|}}";
            return ValueTask.CompletedTask;
        }
    }
}
