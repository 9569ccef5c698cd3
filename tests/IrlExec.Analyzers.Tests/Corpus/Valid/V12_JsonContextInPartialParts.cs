using System.Text.Json.Serialization;

namespace Corpus.Valid;

public sealed record Ticket(string Id, Priority Priority, List<Comment> Comments);
public sealed record Comment(string Author, string Text);
public enum Priority { Low, High }
public sealed record Summary(int Open, int Closed);

[JsonSerializable(typeof(List<Ticket>))]
internal partial class SupportJson : JsonSerializerContext;

[JsonSerializable(typeof(Summary))]
[JsonSerializable(typeof(Priority?))]
internal partial class SupportJson;

[Workflow("support-digest", JsonContext = typeof(SupportJson))]
public partial class SupportDigest
{
    [Step(1)]
    public partial class Load : IStep
    {
        [Output] public List<Ticket> Tickets { get; set; } = [];
        [Output] public Ticket? Oldest { get; set; }
        [Output] public List<Comment> Comments { get; set; } = [];
        [Output] public Priority Highest { get; set; }
        [Output] public Priority? Lowest { get; set; }
        public ValueTask ExecuteAsync(StepContext context, CancellationToken cancellationToken) => ValueTask.CompletedTask;
    }

    [Step(2)]
    public partial class Summarize : IStep
    {
        [Input] public List<Ticket> Tickets { get; set; } = [];
        [Output] public Summary Summary { get; set; } = new(0, 0);
        public ValueTask ExecuteAsync(StepContext context, CancellationToken cancellationToken)
        {
            Summary = new Summary(Tickets.Count, 0);
            return ValueTask.CompletedTask;
        }
    }
}
