using System.Text.Json.Serialization;

namespace IrlExec.Generators.Tests.Binding;

/// <summary>A reviewer's answer, sent as the payload of signal <c>approval</c>.</summary>
public sealed record ReviewAnswer(bool Approved, string Reviewer);

/// <summary>The JSON metadata of the payload types IrlExec does not know.</summary>
[JsonSerializable(typeof(ReviewAnswer))]
[JsonSerializable(typeof(int?))]
internal sealed partial class SignalInputJson : JsonSerializerContext;

/// <summary>
/// Compiled by the real generator: typed signal inputs. Step 1 waits for <c>approval</c> and reads its payload as a
/// <see cref="ReviewAnswer"/>, and the optional <c>priority</c> as an <c>int?</c>; step 2 receives <c>approval</c> too and
/// publishes the reviewer.
/// </summary>
[Workflow("signal-input", JsonContext = typeof(SignalInputJson))]
public partial class SignalInput
{
    [Variable] public required string Request { get; init; }

    [Step(1, Name = "decide")]
    public sealed partial class Decide : IStep
    {
        [Input] public string Request { get; set; } = "";
        [Input(Signal = "approval")] public ReviewAnswer? Answer { get; set; }
        [Input(Signal = "priority")] public int? Priority { get; set; }
        [Output] public string Outcome { get; set; } = "";

        public ValueTask ExecuteAsync(StepContext context, CancellationToken cancellationToken)
        {
            if (Answer is null)
            {
                context.WaitForSignal("approval", "waiting for a reviewer");
                return ValueTask.CompletedTask;
            }
            Outcome = $"{Request}: {(Answer.Approved ? "approved" : "rejected")} by {Answer.Reviewer}" + (Priority is { } p ? $" at priority {p}" : "");
            return ValueTask.CompletedTask;
        }
    }

    [Step(2, Name = "record")]
    public sealed partial class Record : IStep
    {
        [Input(Signal = "approval")] public ReviewAnswer Answer { get; set; } = new(false, "nobody");
        [Output] public string ReviewedBy { get; set; } = "";

        public ValueTask ExecuteAsync(StepContext context, CancellationToken cancellationToken)
        {
            ReviewedBy = Answer.Reviewer;
            return ValueTask.CompletedTask;
        }
    }
}
