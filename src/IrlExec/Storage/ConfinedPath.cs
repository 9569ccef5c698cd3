namespace IrlExec;

/// <summary>
/// Turns a path that comes from input (a variable, a step's input, a file name read from somewhere) into a path inside a
/// folder the step trusts, or refuses it with a <see cref="PathOutsideRootException"/>: the path must be relative, must
/// not have a <c>..</c> segment, and no symbolic link on the way may lead out of the folder.
/// </summary>
/// <remarks>
/// Use it whenever any part of a path a step reads or writes comes from outside the workflow's code: a template such as
/// <c>workspace/{{audience}}-greeting.txt</c> renders <c>workspace/../../x-greeting.txt</c> for the audience
/// <c>../../x</c>. The check looks at the file system when it is called: a link created afterwards is not seen.
/// </remarks>
public static class ConfinedPath
{
    // More links than this on one path is a loop (Linux gives up at 40 too).
    private const int MaxLinks = 40;

    /// <summary>
    /// Returns the absolute path of <paramref name="relativePath"/> under <paramref name="root"/> (which need not exist),
    /// or throws when it would lead out of it.
    /// </summary>
    /// <param name="root">The folder the path must stay in, such as the execution root or its <c>workspace/</c>.</param>
    /// <param name="relativePath">The path from input, relative to <paramref name="root"/>; <c>/</c> and <c>\</c> both separate folders.</param>
    /// <exception cref="PathOutsideRootException">
    /// <paramref name="relativePath"/> is empty, absolute, has a <c>..</c> segment or a NUL character, or an existing
    /// symbolic link on it (or the file itself) leads out of <paramref name="root"/>.
    /// </exception>
    /// <exception cref="ArgumentException"><paramref name="root"/> is null or blank.</exception>
    public static string Under(string root, string relativePath)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(root);
        var fullRoot = Path.TrimEndingDirectorySeparator(Path.GetFullPath(root));
        if (string.IsNullOrEmpty(relativePath)) throw new PathOutsideRootException(fullRoot, relativePath ?? "", "it is empty");
        if (relativePath.Contains('\0', StringComparison.Ordinal)) throw new PathOutsideRootException(fullRoot, relativePath, "it contains a NUL character");
        if (Path.IsPathRooted(relativePath) || relativePath[0] is '/' or '\\')
        {
            throw new PathOutsideRootException(fullRoot, relativePath, "it is an absolute path; give a path relative to the folder");
        }
        var segments = relativePath.Split(['/', '\\'], StringSplitOptions.RemoveEmptyEntries);
        if (segments.Contains("..", StringComparer.Ordinal)) throw new PathOutsideRootException(fullRoot, relativePath, "it has a '..' segment");

        var full = Path.GetFullPath(Path.Combine(fullRoot, Path.Combine(segments)));
        if (!IsUnder(full, fullRoot)) throw new PathOutsideRootException(fullRoot, relativePath, "it resolves outside the folder");

        // Where the path really leads, following the links on it, must be under where the folder really is.
        var links = 0;
        var realRoot = Resolve(fullRoot, ref links);
        var real = Resolve(full, ref links);
        if (links > MaxLinks) throw new PathOutsideRootException(fullRoot, relativePath, "its symbolic links form a loop");
        if (!IsUnder(real, realRoot))
        {
            throw new PathOutsideRootException(fullRoot, relativePath, $"a symbolic link on it leads outside the folder (to '{real}')");
        }
        return full;
    }

    private static bool IsUnder(string path, string folder) =>
        path.Equals(folder, PathComparison) ||
        (path.StartsWith(folder, PathComparison) && path.Length > folder.Length && (path[folder.Length] == Path.DirectorySeparatorChar || folder.EndsWith(Path.DirectorySeparatorChar)));

    private static StringComparison PathComparison => OperatingSystem.IsWindows() || OperatingSystem.IsMacOS() ? StringComparison.OrdinalIgnoreCase : StringComparison.Ordinal;

    // The path with every existing symbolic link on it replaced by its target, segment by segment (a '..' in a link's
    // target goes up from where the link really is). The part that does not exist yet is kept as it is. Gives up (with
    // links above MaxLinks) on a loop.
    private static string Resolve(string path, ref int links)
    {
        var start = Path.GetPathRoot(path) ?? "";
        var current = start;
        var segments = path[start.Length..].Split([Path.DirectorySeparatorChar, Path.AltDirectorySeparatorChar], StringSplitOptions.RemoveEmptyEntries);
        for (var i = 0; i < segments.Length; i++)
        {
            var segment = segments[i];
            if (segment == ".") continue;
            if (segment == "..")
            {
                current = Path.GetDirectoryName(current) ?? current;
                continue;
            }
            var next = Path.Combine(current, segment);
            var info = new FileInfo(next);
            if (!info.Exists && !Directory.Exists(next))
            {
                // Nothing further exists: no link can be on the rest of the path.
                return Path.Combine([current, .. segments[i..]]);
            }
            if (info.LinkTarget is { } target)
            {
                if (++links > MaxLinks) return path;
                current = Resolve(Path.IsPathRooted(target) ? target : Path.Combine(current, target), ref links);
            }
            else
            {
                current = next;
            }
        }
        return current;
    }
}

/// <summary>
/// A path from input would lead out of the folder it must stay in (see <see cref="ConfinedPath.Under"/>). A step that
/// throws it is not retried: the same input would be refused again.
/// </summary>
public sealed class PathOutsideRootException : WorkflowException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="root">The folder the path must stay in.</param>
    /// <param name="path">The path that was refused, as given.</param>
    /// <param name="why">Why it was refused.</param>
    public PathOutsideRootException(string root, string path, string why)
        : base($"The path '{path}' is refused: {why}. It must stay inside '{root}' (a relative path without '..', and no symbolic link out of it).")
    {
        Root = root;
        RequestedPath = path;
    }

    /// <summary>The folder the path must stay in.</summary>
    public string Root { get; }

    /// <summary>The path that was refused, as given.</summary>
    public string RequestedPath { get; }
}
