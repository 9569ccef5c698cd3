namespace Corpus.Valid;

[Workflow("ticket-triage", Goal = "Triage {{ticket_id}} (queue {{queue}})")]
public partial class TicketTriage
{
    [Variable] public required string TicketId { get; init; }
    [Variable] public string Queue { get; init; } = "default";

    [Step(1)]
    public partial class Classify : IStep
    {
        [Input] public string TicketId { get; set; } = "";
        [Output] public string Queue { get; set; } = "";
        public ValueTask ExecuteAsync(StepContext context, CancellationToken cancellationToken)
        {
            Queue = TicketId.StartsWith("B", StringComparison.Ordinal) ? "billing" : "support";
            return ValueTask.CompletedTask;
        }
    }
}
