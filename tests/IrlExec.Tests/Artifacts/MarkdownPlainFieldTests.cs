using System.Globalization;
using System.Text;

namespace IrlExec.Tests.Artifacts;

/// <summary>
/// The markdown writer writes the values it formats itself (statuses, numbers, times, costs) without the credential scan
/// and the encoding every other value goes through. That is only right if, for every value those formatters can make,
/// the scan changes nothing and the encoding writes the value as it is: these tests hold the formatters to it.
/// </summary>
public sealed class MarkdownPlainFieldTests
{
    [Fact]
    public void Every_step_and_execution_status_is_written_as_a_plain_field_would_be()
    {
        foreach (var status in Enum.GetValues<StepStatus>()) AssertPlain(StatusTransitions.ToWireName(status));
        foreach (var status in Enum.GetValues<ExecutionStatus>()) AssertPlain(StatusTransitions.ToWireName(status));
    }

    [Fact]
    public void Integers_are_written_as_a_plain_field_would_be()
    {
        foreach (var value in new[] { 0, 1, -1, 42, int.MaxValue, int.MinValue }) AssertPlain(value.ToString(CultureInfo.InvariantCulture));
    }

    [Fact]
    public void Costs_are_written_as_a_plain_field_would_be()
    {
        foreach (var value in Costs()) AssertPlain(MarkdownValueCodec.FormatCost(value));
    }

    [Fact]
    public void Durations_are_written_as_a_plain_field_would_be()
    {
        foreach (var value in Durations()) AssertPlain(MarkdownValueCodec.FormatSeconds(value));
    }

    [Fact]
    public void Timestamps_are_written_as_a_plain_field_would_be()
    {
        var random = new Random(13);
        var values = new List<DateTimeOffset> { DateTimeOffset.MinValue, DateTimeOffset.MaxValue, DateTimeOffset.UnixEpoch, new(2026, 12, 3, 13, 8, 36, TimeSpan.FromHours(-5)) };
        for (var i = 0; i < 2000; i++) values.Add(new DateTimeOffset(random.NextInt64(DateTime.MinValue.Ticks + TimeSpan.TicksPerDay, DateTime.MaxValue.Ticks - TimeSpan.TicksPerDay), TimeSpan.Zero).ToOffset(TimeSpan.FromMinutes(random.Next(-840, 841))));
        foreach (var value in values) AssertPlain(MarkdownValueCodec.FormatTimestamp(value));
    }

    [Fact]
    public void A_cost_is_a_dollar_sign_then_every_digit_with_at_least_two_decimals()
    {
        foreach (var value in Costs()) Assert.Equal("$" + value.ToString("0.00" + new string('#', 26), CultureInfo.InvariantCulture), MarkdownValueCodec.FormatCost(value));
    }

    [Fact]
    public void A_duration_is_its_round_trip_number_then_s()
    {
        foreach (var value in Durations()) Assert.Equal(value.ToString("R", CultureInfo.InvariantCulture) + "s", MarkdownValueCodec.FormatSeconds(value));
    }

    private static List<decimal> Costs()
    {
        var random = new Random(7);
        var values = new List<decimal> { 0m, 0.01m, -5m, 1e-26m, -1e-26m, decimal.MaxValue, decimal.MinValue, 123.456789m, -0.0000000000000000000000000001m };
        for (var i = 0; i < 2000; i++) values.Add(new decimal(random.Next(), random.Next(), random.Next(), random.Next(2) == 0, (byte)random.Next(29)));
        return values;
    }

    private static List<double> Durations()
    {
        var random = new Random(11);
        var values = new List<double> { 0, -0.0, 1, 0.003, 1e-300, -1.2345678901234567e-308, double.Epsilon, double.MaxValue, double.MinValue, double.NaN, double.PositiveInfinity, double.NegativeInfinity };
        for (var i = 0; i < 2000; i++) values.Add(BitConverter.Int64BitsToDouble(random.NextInt64()));
        return values;
    }

    private static void AssertPlain(string value)
    {
        // What the writer's general path makes of the value: masked, then encoded (inline when it can be).
        Assert.Equal(value, SecretRedactor.Redact(value));
        Assert.Equal(new MarkdownValueCodec.Encoded(value, null, null), MarkdownValueCodec.EncodeText(value, allowEmptyInline: true));
        var md = new StringBuilder();
        ExecutionStateMarkdownWriter.Plain(md, "field", value);
        Assert.Equal("- **field**: " + value + "\n", md.ToString());
    }
}
