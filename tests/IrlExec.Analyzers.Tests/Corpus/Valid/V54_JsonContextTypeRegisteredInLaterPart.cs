using System.Text.Json.Serialization;

namespace Corpus.Valid;

public sealed record Ticket(string Id, string Title);
public sealed record Assignee(string Name, string Team);

[JsonSerializable(typeof(List<Ticket>))]
internal partial class TicketJson : JsonSerializerContext;

internal partial class TicketJson
{
    internal static string Describe() => "tickets";
}

[JsonSerializable(typeof(Dictionary<string, Assignee>))]
internal partial class TicketJson;

[Workflow("triage", JsonContext = typeof(TicketJson))]
public partial class Triage
{
    [Step(1)]
    public partial class Load : IStep
    {
        [Output] public List<Ticket> Tickets { get; set; } = [];
        [Output] public Dictionary<string, Assignee> Assignees { get; set; } = [];
        public ValueTask ExecuteAsync(StepContext context, CancellationToken cancellationToken) => ValueTask.CompletedTask;
    }

    [Step(2)]
    public partial class Route : IStep
    {
        [Input] public List<Ticket> Tickets { get; set; } = [];
        [Input] public Dictionary<string, Assignee> Assignees { get; set; } = [];
        public ValueTask ExecuteAsync(StepContext context, CancellationToken cancellationToken) => ValueTask.CompletedTask;
    }
}
