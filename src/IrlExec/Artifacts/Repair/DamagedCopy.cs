using System.Globalization;

namespace IrlExec;

/// <summary>
/// Sets a damaged view aside before it is rebuilt from the history: the file is renamed to
/// <c>&lt;name&gt;.damaged-&lt;yyyyMMddTHHmmssfffZ&gt;</c> in its folder, so nothing the user may want to look at is lost,
/// and no reader of IrlExec's files ever reads it again (no pattern they read matches that name).
/// </summary>
internal static class DamagedCopy
{
    /// <summary>The suffix every set-aside copy's name has before its time stamp.</summary>
    public const string Marker = ".damaged-";

    /// <summary>Renames <paramref name="path"/> aside and returns the new path.</summary>
    public static string SetAside(string path, DateTimeOffset now)
    {
        var stamp = now.UtcDateTime.ToString("yyyyMMdd'T'HHmmssfff'Z'", CultureInfo.InvariantCulture);
        var target = path + Marker + stamp;
        for (var n = 2; File.Exists(target) || Directory.Exists(target); n++) target = path + Marker + stamp + "-" + n.ToString(CultureInfo.InvariantCulture);
        File.Move(path, target);
        return target;
    }
}
