using System.Text.Json.Serialization;

namespace Corpus.Onboarding;

public sealed record Applicant(string Name, int Age);
public sealed record Decision(bool Approved, string Reason);

[JsonSerializable(typeof(Applicant))]
internal partial class LoanJson : JsonSerializerContext;

[Workflow("loan", JsonContext = typeof(LoanJson))]
public partial class Loan
{
    [Step(1)]
    public partial class Decide : IStep
    {
        [Output] public {|IRL0027:Decision|} Decision { get; set; } = new(false, "");
        public ValueTask ExecuteAsync(StepContext context, CancellationToken cancellationToken) => ValueTask.CompletedTask;
    }
}
