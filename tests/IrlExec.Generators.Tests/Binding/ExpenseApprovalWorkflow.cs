using System.Text.Json.Serialization;

namespace IrlExec.Generators.Tests.Binding;

/// <summary>The JSON metadata of the types of <see cref="ExpenseApproval"/> that IrlExec does not know.</summary>
[JsonSerializable(typeof(List<string>))]
[JsonSerializable(typeof(ExpenseDecision))]
internal sealed partial class ExpenseJson : JsonSerializerContext;

/// <summary>A reviewer's decision on an expense.</summary>
public sealed record ExpenseDecision(bool Approved, string Reviewer, string? Note);

/// <summary>
/// Compiled by the real generator: the typed state view and typed changes. Step 2 pauses until a human sets
/// <c>approved_by</c>; it needs the secret <c>api_key</c>. The variable <c>status</c> has the name of a member every
/// view has, so its property is <c>StatusValue</c>.
/// </summary>
[Workflow("expense-approval", Goal = "Approve the expense of {{employee}}", JsonContext = typeof(ExpenseJson))]
public partial class ExpenseApproval
{
    [Variable] public required string Employee { get; init; }
    [Variable] public decimal Amount { get; init; }
    [Variable("approved_by")] public string? Approver { get; init; }
    [Variable, Secret] public string ApiKey { get; init; } = "";
    [Variable] public string Status { get; init; } = "submitted";

    [Step(1, Name = "check")]
    public sealed partial class Check : IStep
    {
        [Input] public decimal Amount { get; set; }
        [Output(Description = "why a human must look")] public List<string> Flags { get; set; } = [];
        [Output] public int FlagCount { get; set; }

        public ValueTask ExecuteAsync(StepContext context, CancellationToken cancellationToken)
        {
            if (Amount > 1000m) Flags.Add("over 1000");
            if (Amount > 5000m) Flags.Add("over 5000");
            FlagCount = Flags.Count;
            return ValueTask.CompletedTask;
        }
    }

    [Step(2, Name = "decide")]
    public sealed partial class Decide : IStep
    {
        [Input("approved_by")] public string? Approver { get; set; }
        [Input, Secret] public string ApiKey { get; set; } = "";
        [Output] public string Decision { get; set; } = "";
        [Output, Secret] public string Receipt { get; set; } = "";

        public ValueTask ExecuteAsync(StepContext context, CancellationToken cancellationToken)
        {
            if (Approver is null)
            {
                context.Pause("waiting for a human to set approved_by");
                return ValueTask.CompletedTask;
            }
            if (ApiKey.Length == 0) throw new InvalidOperationException("api_key is missing");
            Decision = "approved by " + Approver;
            Receipt = "receipt-" + ApiKey;
            return ValueTask.CompletedTask;
        }
    }
}
