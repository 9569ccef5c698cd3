using System.Globalization;
using System.Text;
using IrlExec.Internal;

namespace IrlExec.Tests.Storage;

/// <summary>Timestamps in files are written digit by digit; they must read exactly as the custom format would write them.</summary>
public sealed class UtcTimestampTests
{
    [Theory]
    [InlineData(0L, "2026-02-08T00:47:25Z")]
    [InlineData(1_200_000L, "2026-02-08T00:47:25.12Z")]
    [InlineData(1L, "2026-02-08T00:47:25.0000001Z")]
    public void A_timestamp_drops_the_trailing_zeros_of_its_fraction_and_the_point_with_a_whole_second(long ticks, string expected)
    {
        Assert.Equal(expected, Written(new DateTime(2026, 2, 8, 0, 47, 25, DateTimeKind.Utc).AddTicks(ticks)));
    }

    [Fact]
    public void The_first_and_last_instants_a_date_can_hold_are_written_as_the_format_writes_them()
    {
        foreach (var instant in new[] { DateTime.MinValue, DateTime.MaxValue })
        {
            Assert.Equal(instant.ToString(UtcTimestamp.Format, CultureInfo.InvariantCulture), Written(instant));
        }
    }

    [Fact]
    public void Random_instants_are_written_as_the_format_writes_them()
    {
        var random = new Random(42);
        for (var i = 0; i < 5000; i++)
        {
            var ticks = random.NextInt64(DateTime.MinValue.Ticks, DateTime.MaxValue.Ticks);
            if (i % 3 == 0) ticks -= ticks % TimeSpan.TicksPerSecond;
            if (i % 3 == 1) ticks -= ticks % (TimeSpan.TicksPerMillisecond * random.Next(1, 1000));
            var instant = new DateTime(ticks, DateTimeKind.Utc);
            Assert.Equal(instant.ToString(UtcTimestamp.Format, CultureInfo.InvariantCulture), Written(instant));
        }
    }

    private static string Written(DateTime instant)
    {
        Span<byte> buffer = stackalloc byte[UtcTimestamp.MaxLength];
        return Encoding.ASCII.GetString(buffer[..UtcTimestamp.Write(instant, buffer)]);
    }
}
