using System.Text.Json;
using System.Text.Json.Serialization;

namespace IrlExec.PostgreSql;

/// <summary>The queue's JSON (a start's variables), without reflection.</summary>
[JsonSerializable(typeof(Dictionary<string, JsonElement>))]
internal sealed partial class QueueJsonContext : JsonSerializerContext;
