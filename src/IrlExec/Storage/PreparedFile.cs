namespace IrlExec;

/// <summary>
/// A new file without a name (<see cref="UnnamedFile"/>), made ahead of an atomic write to a file in the same folder
/// (<see cref="AtomicFile"/>), so that the write does not wait for the file system to allocate it. A run's views make
/// the files of their end while the steps wait on their fsyncs (<see cref="IPreparesFiles"/>); a file never used is
/// freed by the system when it is disposed (it never had a name: nothing is left behind, also by a killed process).
/// </summary>
internal sealed class PreparedFile : IDisposable
{
    private PreparedFile(string folder, FileStream stream)
    {
        Folder = folder;
        Stream = stream;
    }

    /// <summary>The folder it can be named in (full path).</summary>
    public string Folder { get; }

    /// <summary>The file, open for writing (unbuffered), empty.</summary>
    public FileStream Stream { get; }

    /// <summary>
    /// A prepared file for an atomic write of <paramref name="path"/>, or null where unnamed files are not possible, or the
    /// folder is missing or refuses one (the write then creates its temporary file itself, as without one).
    /// </summary>
    public static PreparedFile? TryCreate(string path)
    {
        var folder = Path.GetDirectoryName(Path.GetFullPath(path))!;
        try
        {
            return UnnamedFile.TryCreate(folder) is { } stream ? new PreparedFile(folder, stream) : null;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    /// <summary>Whether it can take the place of <paramref name="path"/> (it is in that file's folder).</summary>
    public bool Fits(string path) => string.Equals(Folder, Path.GetDirectoryName(Path.GetFullPath(path)), StringComparison.Ordinal);

    /// <summary>Closes the file (an unused one is freed by the system).</summary>
    public void Dispose() => Stream.Dispose();
}

/// <summary>
/// A view that makes the files of its next writes ahead (<see cref="PreparedFile"/>): called in the background once a
/// run has made its first commit, and after each background pass, while the steps wait on their fsyncs; the run's end
/// then writes into them. <see cref="FinishAsync"/> is called when the run's views stop, before the run returns.
/// </summary>
internal interface IPreparesFiles
{
    /// <summary>Makes the files the next writes for <paramref name="executionId"/> will need, unless it has them. Never throws.</summary>
    void Prepare(string executionId);

    /// <summary>Starts freeing, off the caller's path, the old files its writes for <paramref name="executionId"/> replaced so far (their names were deleted in the writes) (called once its call in a pass has returned and the README's fsync of that pass, if any, is over). Never throws.</summary>
    void FreeReplaced(string executionId);

    /// <summary>Frees what <paramref name="executionId"/>'s run made and did not use, and ends what its writes left to do (old files freed off the end's path). Never throws.</summary>
    Task FinishAsync(string executionId);
}
