namespace IrlExec.Tests.State;

/// <summary>
/// A record keeps its timestamp and cost in a compact form: every value reads back exactly as it was set (the offset,
/// the cost's sign and scale), also those the compact form cannot hold.
/// </summary>
public class ExecutionEventLayoutTests
{
    public static TheoryData<string> Costs => new()
    {
        "0", "0.00", "-0.00", "1.10", "0.25", "-123.456", "0.0000000000000000000000000001", "9223372036854775807",
        "9223372036854775808", "-9223372036854775808", "79228162514264337593543950335", "-79228162514264337593543950335",
        "7922816251426433759354395033.5",
    };

    [Theory]
    [MemberData(nameof(Costs))]
    public void A_cost_reads_back_with_its_sign_and_scale(string text)
    {
        var cost = decimal.Parse(text, System.Globalization.CultureInfo.InvariantCulture);
        if (text.StartsWith("-0", StringComparison.Ordinal)) cost = decimal.Negate(cost);
        var record = new ExecutionEvent { Kind = ExecutionEventKind.StepCompleted, Cost = cost };

        Assert.Equal(decimal.GetBits(cost), decimal.GetBits(record.Cost!.Value));
    }

    [Fact]
    public void A_cost_set_again_or_cleared_reads_back_as_last_set()
    {
        var record = new ExecutionEvent { Cost = decimal.MaxValue };
        record.Cost = 2.50m;
        Assert.Equal(decimal.GetBits(2.50m), decimal.GetBits(record.Cost!.Value));
        record.Cost = null;
        Assert.Null(record.Cost);
        record.Cost = decimal.MinValue;
        Assert.Equal(decimal.MinValue, record.Cost);
        record.Cost = 0m;
        Assert.Equal(decimal.GetBits(0m), decimal.GetBits(record.Cost!.Value));
    }

    [Fact]
    public void A_timestamp_reads_back_with_its_offset()
    {
        DateTimeOffset[] times =
        [
            default, DateTimeOffset.MinValue, DateTimeOffset.MaxValue,
            new(2026, 12, 6, 19, 0, 0, 123, TimeSpan.FromHours(14)), new(2026, 12, 6, 19, 0, 0, TimeSpan.FromHours(-12)),
            new(2026, 12, 6, 19, 0, 0, TimeSpan.FromMinutes(345)), new DateTimeOffset(2026, 12, 6, 19, 0, 0, TimeSpan.Zero).AddTicks(7),
        ];
        foreach (var time in times)
        {
            var record = new ExecutionEvent { Timestamp = time };

            Assert.Equal(time, record.Timestamp);
            Assert.Equal(time.Offset, record.Timestamp.Offset);
            Assert.Equal(time.Ticks, record.Timestamp.Ticks);
        }
    }
}
