using System.Text.Json.Serialization;

namespace Corpus.Onboarding;

public sealed record Lead(string Email);
public sealed record Campaign(string Name);

[JsonSerializable(typeof(Lead))]
internal partial class MarketingJson : JsonSerializerContext;

[Workflow("campaign", JsonContext = typeof(MarketingJson))]
public partial class CampaignRun
{
    [Variable] public required {|IRL0027:Campaign|} Campaign { get; init; }

    [Step(1)]
    public partial class Target : IStep
    {
        [Input] public {|IRL0027:Campaign|} Campaign { get; set; } = new("");
        public ValueTask ExecuteAsync(StepContext context, CancellationToken cancellationToken) => ValueTask.CompletedTask;
    }
}
