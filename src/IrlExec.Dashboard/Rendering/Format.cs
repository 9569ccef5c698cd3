using System.Globalization;

namespace IrlExec.Dashboard.Rendering;

/// <summary>How numbers, times and statuses read on the pages (invariant culture, UTC).</summary>
internal static class Format
{
    public static string Money(decimal amount) => "$" + amount.ToString("0.00##", CultureInfo.InvariantCulture);

    public static string Seconds(double seconds) => seconds switch
    {
        < 60 => seconds.ToString("0.###", CultureInfo.InvariantCulture) + " s",
        < 3600 => (seconds / 60).ToString("0.#", CultureInfo.InvariantCulture) + " min",
        _ => (seconds / 3600).ToString("0.##", CultureInfo.InvariantCulture) + " h",
    };

    public static string Time(DateTimeOffset time) =>
        time == default ? "-" : time.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    public static string IsoTime(DateTimeOffset time) => time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    public static string Integer(long value) => value.ToString(CultureInfo.InvariantCulture);

    /// <summary>The CSS class of a status badge: <c>s-in-progress</c>, <c>s-paused</c>, ...</summary>
    public static string StatusClass(string wireName) => "status s-" + wireName.ToLowerInvariant().Replace('_', '-');

    public static string StatusClass(StepStatus status) => StatusClass(StatusTransitions.ToWireName(status));
}
