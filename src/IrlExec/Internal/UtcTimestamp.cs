namespace IrlExec.Internal;

/// <summary>
/// Writes a UTC timestamp as every IrlExec file spells it: the custom format <see cref="Format"/>
/// (<c>2026-02-08T00:47:25.12Z</c>: the fraction of a second without its trailing zeros, and without the point when there
/// is none), digit by digit rather than through the format parser, because every history record carries one.
/// UtcTimestampTests checks it against <see cref="DateTime.ToString(string, IFormatProvider)"/> over random instants.
/// </summary>
internal static class UtcTimestamp
{
    /// <summary>The format the digits follow.</summary>
    public const string Format = "yyyy-MM-dd'T'HH:mm:ss.FFFFFFF'Z'";

    /// <summary>The longest spelling: <c>9999-12-31T23:59:59.9999999Z</c>.</summary>
    public const int MaxLength = 28;

    /// <summary>Writes <paramref name="utc"/> (its ticks are read as UTC) as UTF-8 into <paramref name="destination"/>; returns the length.</summary>
    public static int Write(DateTime utc, Span<byte> destination)
    {
        if (destination.Length < MaxLength) throw new ArgumentException($"The destination needs {MaxLength} bytes.", nameof(destination));
        utc.Deconstruct(out var date, out var time);
        WriteDigits(destination, date.Year, 4);
        destination[4] = (byte)'-';
        WriteDigits(destination[5..], date.Month, 2);
        destination[7] = (byte)'-';
        WriteDigits(destination[8..], date.Day, 2);
        destination[10] = (byte)'T';
        WriteDigits(destination[11..], time.Hour, 2);
        destination[13] = (byte)':';
        WriteDigits(destination[14..], time.Minute, 2);
        destination[16] = (byte)':';
        WriteDigits(destination[17..], time.Second, 2);
        var length = 19;
        var fraction = (int)(utc.Ticks % TimeSpan.TicksPerSecond);
        if (fraction != 0)
        {
            destination[length++] = (byte)'.';
            var digits = 7;
            while (fraction % 10 == 0)
            {
                fraction /= 10;
                digits--;
            }
            WriteDigits(destination[length..], fraction, digits);
            length += digits;
        }
        destination[length++] = (byte)'Z';
        return length;
    }

    private static void WriteDigits(Span<byte> destination, int value, int count)
    {
        for (var i = count - 1; i >= 0; i--)
        {
            destination[i] = (byte)('0' + value % 10);
            value /= 10;
        }
    }
}
