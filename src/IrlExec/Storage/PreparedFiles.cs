using System.Collections.Concurrent;

namespace IrlExec;

/// <summary>
/// A view's files made ahead (<see cref="PreparedFile"/>), one per kind of file and execution, and the old files its
/// writes into them replaced: their names are deleted in the writes, their space freed once the pass that replaced them
/// is over (<see cref="FreeReplaced"/>), so that the end's writes do not free inodes and blocks while the README's fsync
/// waits for the disk.
/// </summary>
internal sealed class PreparedFiles
{
    private readonly ConcurrentDictionary<(string ExecutionId, string Kind), PreparedFile> _prepared = new();
    private readonly ConcurrentDictionary<string, List<string>> _replaced = new(StringComparer.Ordinal);

    /// <summary>Makes a file for the next write of <paramref name="kind"/> (a file in <paramref name="path"/>'s folder), unless there is one.</summary>
    public void Prepare(string executionId, string kind, string path)
    {
        var key = (executionId, kind);
        if (_prepared.ContainsKey(key)) return;
        if (PreparedFile.TryCreate(path) is { } file && !_prepared.TryAdd(key, file)) file.Dispose();
    }

    /// <summary>
    /// The file made for <paramref name="kind"/>, or null; <paramref name="replaced"/> is the list a write into it adds
    /// the old file to (hand it back with <see cref="Replaced"/>), or null without a made file: the write then deletes
    /// the old file itself, as outside a scheduler.
    /// </summary>
    public PreparedFile? Take(string executionId, string kind, out List<string>? replaced)
    {
        if (!_prepared.TryRemove((executionId, kind), out var file))
        {
            replaced = null;
            return null;
        }
        replaced = new List<string>(1);
        return file;
    }

    /// <summary>Keeps the old files a write left (<see cref="Take"/>) until <see cref="FreeReplaced"/>.</summary>
    public void Replaced(string executionId, List<string>? replaced)
    {
        if (replaced is not { Count: > 0 }) return;
        var list = _replaced.GetOrAdd(executionId, static _ => []);
        lock (list) list.AddRange(replaced);
    }

    /// <summary>Frees, off the caller's path, the old files kept so far (their names were deleted in the writes: <see cref="ReplacedFile"/>).</summary>
    public void FreeReplaced(string executionId)
    {
        if (!_replaced.TryGetValue(executionId, out var list)) return;
        lock (list)
        {
            if (list.Count == 0) return;
            list.Clear();
        }
        AtomicFile.FreeReplaced();
    }

    /// <summary>Frees the files made for <paramref name="executionId"/> and not used, and deletes the old files kept.</summary>
    public Task FinishAsync(string executionId)
    {
        foreach (var key in _prepared.Keys)
        {
            if (key.ExecutionId == executionId && _prepared.TryRemove(key, out var unused)) unused.Dispose();
        }
        FreeReplaced(executionId);
        _replaced.TryRemove(executionId, out _);
        return Task.CompletedTask;
    }
}
