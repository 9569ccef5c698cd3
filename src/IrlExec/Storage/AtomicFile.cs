using System.Text;

namespace IrlExec;

/// <summary>
/// Writes files atomically: the bytes go to a temporary file in the same folder, are flushed to disk (unless the caller
/// says the file is a rebuildable view), and the file takes the target's place: renamed over it, or, for a view on Linux,
/// exchanged with it and the old file deleted (a rename over a file makes ext4 start writing the new one to disk at once).
/// A reader sees the old file or the new one, never a torn one. On Linux a flushed file gets its temporary name only once
/// its bytes are on disk (see <see cref="UnnamedFile"/>).
/// </summary>
public static class AtomicFile
{
    /// <summary>Replaces <paramref name="path"/> with <paramref name="contents"/> atomically, creating its folder if needed.</summary>
    /// <exception cref="DiskFullException">The disk is full: <paramref name="path"/> is left as it was, and no temporary file is left.</exception>
    public static void WriteAllBytes(string path, ReadOnlySpan<byte> contents) => WriteAllBytes(path, contents, flushToDisk: true);

    /// <summary>
    /// Replaces <paramref name="path"/> with <paramref name="contents"/> atomically. With <paramref name="flushToDisk"/>
    /// false the new bytes are not forced to stable storage before the rename: readers and a killed process still see
    /// the old file or the new one, but after a power cut the file may be old or empty. Use it for views that are
    /// rebuilt from the history (snapshot, active list, markdown), never for the only copy of anything.
    /// </summary>
    /// <exception cref="DiskFullException">The disk is full: <paramref name="path"/> is left as it was, and no temporary file is left.</exception>
    public static void WriteAllBytes(string path, ReadOnlySpan<byte> contents, bool flushToDisk) => WriteAllBytes(path, contents, flushToDisk, prepared: null, replaced: null);

    /// <summary>
    /// <see cref="WriteAllBytes(string, ReadOnlySpan{byte}, bool)"/> into <paramref name="prepared"/> when it is given and
    /// fits <paramref name="path"/>'s folder (a file made ahead: the write skips its creation; it is disposed either way).
    /// With <paramref name="replaced"/>, where the system can exchange the two names, the file that had the name loses it
    /// here but its space is not freed: it is added to the list, for the caller to free off its path (<see cref="FreeReplaced"/>).
    /// </summary>
    internal static void WriteAllBytes(string path, ReadOnlySpan<byte> contents, bool flushToDisk, PreparedFile? prepared, List<string>? replaced)
    {
        var stream = Open(path, flushToDisk, prepared, out var temporary, out var unnamed);
        try
        {
            using (stream)
            {
                RunTrace.Mark(flushToDisk ? "af created" : "af- created", path);
                stream.Write(contents);
                RunTrace.Mark(flushToDisk ? "af written" : "af- written", path);
                stream.Flush(flushToDisk);
                RunTrace.Mark(flushToDisk ? "af flushed" : "af- flushed", path);
                if (unnamed) Name(stream, temporary);
                RunTrace.Mark(flushToDisk ? "af named" : "af- named", path);
            }
            RunTrace.Mark(flushToDisk ? "af closed" : "af- closed", path);
            MoveOver(temporary, path, flushToDisk, replaced);
            RunTrace.Mark(flushToDisk ? "af moved" : "af- moved", path);
        }
        catch (IOException e) when (DiskFullException.IsDiskFull(e))
        {
            TryDelete(temporary);
            throw new DiskFullException(path, null, e);
        }
        catch
        {
            TryDelete(temporary);
            throw;
        }
    }

    // The file a write goes to: the one made ahead when it fits the target's folder (it is disposed otherwise), or a new one.
    private static FileStream Open(string path, bool flushToDisk, PreparedFile? prepared, out string temporary, out bool unnamed)
    {
        if (prepared is not null && prepared.Fits(path))
        {
            temporary = TemporaryName(Path.GetDirectoryName(Path.GetFullPath(path))!, path);
            unnamed = true;
            return prepared.Stream;
        }
        prepared?.Dispose();
        return Create(path, flushToDisk, out temporary, out unnamed);
    }

    /// <summary>
    /// Replaces <paramref name="path"/> atomically with what <paramref name="write"/> writes to the stream it is given
    /// (for a view serialized straight to its file, without a byte array of its own); see
    /// <see cref="WriteAllBytes(string, ReadOnlySpan{byte}, bool)"/> for <paramref name="flushToDisk"/>. When
    /// <paramref name="write"/> throws, the old file is left as it was.
    /// </summary>
    internal static void Write<TState>(string path, TState state, Action<Stream, TState> write, bool flushToDisk) => Write(path, state, write, flushToDisk, prepared: null, replaced: null);

    /// <summary>
    /// <see cref="Write{TState}(string, TState, Action{Stream, TState}, bool)"/> into <paramref name="prepared"/>, with
    /// <paramref name="replaced"/>, as <see cref="WriteAllBytes(string, ReadOnlySpan{byte}, bool, PreparedFile?, List{string}?)"/> does.
    /// </summary>
    internal static void Write<TState>(string path, TState state, Action<Stream, TState> write, bool flushToDisk, PreparedFile? prepared, List<string>? replaced)
    {
        var stream = Open(path, flushToDisk, prepared, out var temporary, out var unnamed);
        try
        {
            using (stream)
            {
                write(stream, state);
                stream.Flush(flushToDisk);
                if (unnamed) Name(stream, temporary);
            }
            MoveOver(temporary, path, flushToDisk, replaced);
        }
        catch (IOException e) when (DiskFullException.IsDiskFull(e))
        {
            TryDelete(temporary);
            throw new DiskFullException(path, null, e);
        }
        catch
        {
            TryDelete(temporary);
            throw;
        }
    }

    // Gives the unnamed file its temporary name. A file made ahead may outlive its folder (a person deleted it while the
    // run's steps ran): the folder is made again, as a write that creates its file does, and the name given there.
    private static void Name(FileStream stream, string temporary)
    {
        try
        {
            UnnamedFile.Name(stream, temporary);
        }
        catch (IOException e) when (e.HResult == UnnamedFile.NoEntry && !Directory.Exists(Path.GetDirectoryName(temporary)))
        {
            Directory.CreateDirectory(Path.GetDirectoryName(temporary)!);
            UnnamedFile.Name(stream, temporary);
        }
    }

    // Puts the temporary file in place of path. A view that is not flushed is exchanged with the old file, which is then
    // deleted: on ext4 a rename over a file starts writing the new one to disk at once (see FileExchange).
    // replaced: where the caller takes the old file to free its space later (freeing a file's blocks can wait on the
    // disk: with the discard mount option, a fifth of a millisecond and more).
    private static void MoveOver(string temporary, string path, bool flushToDisk, List<string>? replaced = null)
    {
        if ((!flushToDisk || replaced is not null) && FileExchange.TryExchange(temporary, path))
        {
            RunTrace.Mark("af- exchanged", path);
            // The old file, now under the temporary name, loses that name at once (a process killed later leaves nothing);
            // with replaced, its space is freed when the caller says (FreeReplaced), else off this path now.
            ReplacedFile.Delete(temporary, freeNow: replaced is null);
            replaced?.Add(temporary);
        }
        else File.Move(temporary, path, overwrite: true);
    }

    /// <summary>
    /// Frees, off the caller's path, the space of the old files writes into a <c>replaced</c> list took the place of (their
    /// names were removed in the writes; see <see cref="ReplacedFile"/>).
    /// </summary>
    internal static void FreeReplaced()
    {
        RunTrace.Mark("freeing old files");
        ReplacedFile.FreeKept();
    }

    private static string TemporaryName(string directory, string path) =>
        Path.Combine(directory, "." + Path.GetFileName(path) + "." + Guid.NewGuid().ToString("N")[..12] + ".tmp");

    // The temporary file next to path (same folder, so the rename is atomic), created new; the folder is created when it
    // is missing (not asked for at every write: a view's folder is there from its first write on). A file flushed to disk
    // is created without a name where the system allows it (unnamed: the caller names it temporary once it is flushed),
    // so that its flush does not also write the folder's new entry (see UnnamedFile).
    private static FileStream Create(string path, bool flushToDisk, out string temporary, out bool unnamed)
    {
        var directory = Path.GetDirectoryName(Path.GetFullPath(path))!;
        temporary = TemporaryName(directory, path);
        unnamed = false;
        if (flushToDisk)
        {
            FileStream? file;
            try
            {
                file = UnnamedFile.TryCreate(directory);
            }
            catch (DirectoryNotFoundException)
            {
                Directory.CreateDirectory(directory);
                file = UnnamedFile.TryCreate(directory);
            }
            if (file is not null)
            {
                unnamed = true;
                return file;
            }
        }
        try
        {
            return new FileStream(temporary, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1, FileOptions.None);
        }
        catch (IOException e) when (MissingFolder.Caused(e))
        {
            Directory.CreateDirectory(directory);
            return new FileStream(temporary, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1, FileOptions.None);
        }
    }

    /// <summary>Replaces <paramref name="path"/> with <paramref name="text"/> (UTF-8, no BOM) atomically.</summary>
    public static void WriteAllText(string path, string text) => WriteAllBytes(path, Encoding.UTF8.GetBytes(text));

    /// <summary>Replaces <paramref name="path"/> with <paramref name="text"/> (UTF-8, no BOM) atomically; see <see cref="WriteAllBytes(string, ReadOnlySpan{byte}, bool)"/>.</summary>
    public static void WriteAllText(string path, string text, bool flushToDisk) => WriteAllBytes(path, Encoding.UTF8.GetBytes(text), flushToDisk);

    private static void TryDelete(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (IOException)
        {
            // Best effort: a leftover *.tmp file is harmless and never read.
        }
        catch (UnauthorizedAccessException)
        {
        }
    }
}
