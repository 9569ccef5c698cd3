namespace IrlExec;

/// <summary>
/// IrlExec does not follow symbolic links inside <c>execution/</c>: a link there (put by mistake, or by someone who wants
/// a runner to write where it should not) would send an execution's records, lock or log to the link's target. Files
/// opened in place (histories, locks, logs, posted signals) are checked, with every folder between <c>execution/</c> and
/// them, before they are opened. Files replaced atomically need no check: a rename replaces a link, it does not follow it.
/// </summary>
internal static class ExecutionLinks
{
    /// <summary>Throws when <paramref name="path"/>, or a folder between <paramref name="layout"/>'s <c>execution/</c> and it, is a symbolic link.</summary>
    /// <exception cref="ExecutionDataException">Names the link and its target.</exception>
    public static void Refuse(ExecutionLayout layout, string path)
    {
        var execution = layout.ExecutionDirectory;
        var current = Path.GetDirectoryName(path);
        // The folders inside execution/ first (outermost first), then the file.
        Span<int> ends = stackalloc int[8];
        var count = 0;
        while (current is not null && current.Length > execution.Length && current.StartsWith(execution, StringComparison.Ordinal) && count < ends.Length)
        {
            ends[count++] = current.Length;
            current = Path.GetDirectoryName(current);
        }
        for (var i = count - 1; i >= 0; i--) RefuseLink(path[..ends[i]]);
        RefuseLink(path);
    }

    /// <summary>Throws when <paramref name="path"/> itself is a symbolic link (its folders are not checked).</summary>
    /// <exception cref="ExecutionDataException">Names the link and its target.</exception>
    internal static void RefuseLink(string path)
    {
        if (new FileInfo(path).LinkTarget is { } target)
        {
            throw new ExecutionDataException(path, 0, $"is a symbolic link (to '{target}'): IrlExec does not follow links inside execution/. Replace the link with the file or folder itself.");
        }
    }
}
