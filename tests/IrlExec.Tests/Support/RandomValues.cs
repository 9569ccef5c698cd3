using System.Text;

namespace IrlExec.Tests.Support;

/// <summary>
/// Random values for the tests that hold a hand-written JSON writer to the serializer's bytes: texts that need every
/// kind of escaping, instants with offsets, decimals of every scale, doubles of every exponent, values with missing names.
/// </summary>
public static class RandomValues
{
    public static NamedValue RandomNamedValue(Random random) => random.Next(8) switch
    {
        0 => null!,
        1 => new NamedValue { Name = null!, Value = RandomText(random) },
        2 => new NamedValue { Name = RandomText(random), Value = null! },
        _ => new NamedValue(RandomText(random), RandomText(random)),
    };

    public static T? Maybe<T>(Random random, Func<T> value) where T : struct => random.Next(3) == 0 ? null : value();

    public static string? MaybeText(Random random) => random.Next(3) == 0 ? null : RandomText(random);

    // Text that needs every kind of escaping: quotes, backslashes, control characters, HTML-sensitive characters,
    // non-ASCII letters, surrogate pairs.
    public static string RandomText(Random random)
    {
        string[] pieces = ["a", "Z", "0", " ", "\"", "\\", "/", "\n", "\t", "\u0001", "\u001f", "<", ">", "&", "'", "+", "`", "é", "ß", "中", "\u2028", "😀", "{{x}}", "***", "sk-abc"];
        var builder = new StringBuilder();
        for (var i = random.Next(0, 12); i > 0; i--) builder.Append(pieces[random.Next(pieces.Length)]);
        return builder.ToString();
    }

    public static DateTimeOffset RandomInstant(Random random)
    {
        var ticks = random.NextInt64(DateTime.MinValue.Ticks + TimeSpan.TicksPerDay, DateTime.MaxValue.Ticks - TimeSpan.TicksPerDay);
        ticks = random.Next(4) switch
        {
            0 => ticks - (ticks % TimeSpan.TicksPerSecond), // a whole second
            1 => ticks - (ticks % TimeSpan.TicksPerMillisecond), // trailing zeros to drop
            _ => ticks,
        };
        var offset = TimeSpan.FromMinutes(random.Next(-14 * 60, 14 * 60));
        return new DateTimeOffset(new DateTime(ticks, DateTimeKind.Unspecified), TimeSpan.Zero).ToOffset(offset);
    }

    public static decimal RandomDecimal(Random random) =>
        new(random.Next(), random.Next(), random.Next(), random.Next(2) == 0, (byte)random.Next(29));

    public static double RandomDouble(Random random) => random.Next(3) switch
    {
        0 => Math.Round(random.NextDouble() * 100, 3),
        1 => random.NextDouble() * Math.Pow(10, random.Next(-300, 300)),
        _ => BitConverter.Int64BitsToDouble(random.NextInt64(0, 0x7FEFFFFFFFFFFFFF)),
    };
}
