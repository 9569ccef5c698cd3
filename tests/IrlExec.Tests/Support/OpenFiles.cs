namespace IrlExec.Tests.Support;

/// <summary>
/// The files a process holds open (Linux: the targets of its <c>/proc/&lt;pid&gt;/fd</c> links), for tests of what a run
/// keeps open: a file made without a name shows as <c>&lt;folder&gt;/#&lt;inode&gt; (deleted)</c>, a deleted one as
/// <c>&lt;path&gt; (deleted)</c>.
/// </summary>
public static class OpenFiles
{
    /// <summary>What each descriptor of <paramref name="pid"/> (this process when null) points to; empty once the process is gone.</summary>
    public static List<string> Of(int? pid = null)
    {
        var found = new List<string>();
        try
        {
            foreach (var fd in Directory.EnumerateFileSystemEntries(pid is null ? "/proc/self/fd" : $"/proc/{pid}/fd"))
            {
                try
                {
                    if (new FileInfo(fd).LinkTarget is { } target) found.Add(target);
                }
                catch (IOException)
                {
                    // closed meanwhile
                }
            }
        }
        catch (Exception e) when (e is DirectoryNotFoundException or IOException or UnauthorizedAccessException)
        {
            // the process is gone
        }
        return found;
    }

    /// <summary>The files open without a name (<c>O_TMPFILE</c>) in <paramref name="folder"/>.</summary>
    public static List<string> UnnamedIn(string folder, int? pid = null) =>
        Of(pid).Where(t => t.StartsWith(Path.Combine(folder, "#"), StringComparison.Ordinal) && t.EndsWith("(deleted)", StringComparison.Ordinal)).ToList();

    /// <summary>The files open that had a name under <paramref name="folder"/> and were deleted (not those made without a name).</summary>
    public static List<string> DeletedUnder(string folder, int? pid = null) =>
        Of(pid).Where(t => t.StartsWith(folder + "/", StringComparison.Ordinal) && t.EndsWith(" (deleted)", StringComparison.Ordinal)
            && !Path.GetFileName(t).StartsWith('#')).ToList();

    /// <summary>Whether any file open under <paramref name="folder"/> was deleted or made without a name.</summary>
    public static bool AnyDeletedUnder(string folder) =>
        Of().Any(t => t.StartsWith(folder + "/", StringComparison.Ordinal) && t.EndsWith(" (deleted)", StringComparison.Ordinal));
}
