using System.Text.Json.Serialization;

namespace Corpus.Onboarding;

public enum Tier { Free, Pro }
public sealed record Profile(string Name, Tier Tier);

[JsonSerializable(typeof(Profile))]
internal partial class ProfileJson : JsonSerializerContext;

[Workflow("profile", JsonContext = typeof(ProfileJson))]
public partial class ProfileUpdate
{
    [Step(1)]
    public partial class Upgrade : IStep
    {
        [Output] public Profile? Profile { get; set; }
        [Output] public {|IRL0027:Tier?|} PreviousTier { get; set; }
        public ValueTask ExecuteAsync(StepContext context, CancellationToken cancellationToken) => ValueTask.CompletedTask;
    }
}
