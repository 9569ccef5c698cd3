using System.Text.Json.Serialization;

namespace Corpus.Valid;

[JsonDerivedType(typeof(EmailChannel), "email")]
[JsonDerivedType(typeof(SmsChannel), "sms")]
public abstract record Channel(string Target);
public sealed record EmailChannel(string Target, string Subject) : Channel(Target);
public sealed record SmsChannel(string Target) : Channel(Target);
public sealed class Recipient
{
    public string Name { get; set; } = "";
    public Channel[] Channels { get; set; } = [];
    public Dictionary<string, Preference> Preferences { get; set; } = [];
}
public sealed record Preference(bool Enabled, int? QuietHour);

[JsonSerializable(typeof(Recipient))]
internal sealed partial class NotifyJson : JsonSerializerContext;

[Workflow("notify", JsonContext = typeof(NotifyJson))]
public partial class Notify
{
    [Variable] public required Recipient Recipient { get; init; }

    [Step(1)]
    public partial class Route : IStep
    {
        [Input] public Recipient Recipient { get; set; } = new();
        [Output] public Channel[] Channels { get; set; } = [];
        [Output] public EmailChannel? Email { get; set; }
        [Output] public Preference? Preference { get; set; }
        [Output] public int? QuietHour { get; set; }
        public ValueTask ExecuteAsync(StepContext context, CancellationToken cancellationToken) => ValueTask.CompletedTask;
    }
}
