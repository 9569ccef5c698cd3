using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace IrlExec.Cli.Output;

/// <summary>
/// Times in the CLI's JSON spelled as in IrlExec's files: ISO 8601 UTC with a <c>Z</c> (<c>2026-02-08T00:47:25.12Z</c>),
/// not <c>+00:00</c>, so a script can compare them with the files as text.
/// </summary>
internal sealed class UtcTimeJsonConverter : JsonConverter<DateTimeOffset>
{
    private const string Format = "yyyy-MM-dd'T'HH:mm:ss.FFFFFFF'Z'";

    public override DateTimeOffset Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        reader.GetDateTimeOffset().ToUniversalTime();

    public override void Write(Utf8JsonWriter writer, DateTimeOffset value, JsonSerializerOptions options) =>
        writer.WriteStringValue(value.UtcDateTime.ToString(Format, CultureInfo.InvariantCulture));
}
