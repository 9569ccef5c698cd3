using System.Runtime.InteropServices;

namespace IrlExec;

/// <summary>
/// The files a new execution's start creates, made ahead without a name (<see cref="UnnamedFile"/>) by a
/// <see cref="FileSystemExecutionStore"/>: the lease's lock file <c>state/&lt;id&gt;.lock</c> (locked before it is named,
/// so the lease is held the moment the name exists), the run label's empty log <c>logs/&lt;label&gt;.log</c>, and the new
/// history's file in <c>state/</c> (unnamed until its first records are flushed, as without this). One of each, made in
/// the background once a history was created (next to that run's steps), taken by the next start, which then only names
/// them (<c>linkat</c>). A store makes them from its second new execution on: a process that runs one execution (the
/// command line's <c>run</c>) makes none it would not use.
/// </summary>
/// <remarks>
/// Why: on ext4 a file's creation waits for the inode allocator, which on a file system without a journal skips every
/// inode freed in the last seconds to minutes one by one: hundreds of microseconds per file in a process that runs many
/// executions, three files in a row on the start's path. A file made ahead and never used has no name: the system frees
/// it when it is closed (<see cref="Dispose"/>) or when the process ends, and nothing is left on disk. Where unnamed files
/// are not possible, or making one fails (no descriptor left, a full disk, a missing folder), nothing is made and the
/// start creates its files itself, as without this.
/// </remarks>
internal sealed partial class StartFiles : IDisposable
{
    private const int LockExclusive = 2; // LOCK_EX
    private const int LockNonBlocking = 4; // LOCK_NB

    private readonly ExecutionLayout _layout;
    private readonly object _gate = new();
    private FileStream? _lock;
    private FileStream? _log;
    private FileStream? _history;
    private int _refilling;
    private int _taken;
    private int _created;
    private bool _disposed;

    public StartFiles(ExecutionLayout layout) => _layout = layout;

    /// <summary>Whether stores make their start's files ahead (on by default; the trace tool's A/B turns it off).</summary>
    internal static bool Enabled { get; set; } = true;

    /// <summary>Whether this store makes none (tests compare with a store that makes them).</summary>
    internal bool Off { get; set; }

    /// <summary>How many files made ahead were taken by starts (tests).</summary>
    internal int Taken => Volatile.Read(ref _taken);

    /// <summary>Test seam: called with the folder before each file is made ahead; what it throws is a failure to make it.</summary>
    internal Action<string>? BeforeMake { get; set; }

    /// <summary>How many files made ahead are held for <paramref name="folder"/> (tests).</summary>
    internal int HeldIn(string folder)
    {
        lock (_gate)
        {
            if (folder == _layout.StateDirectory) return (_lock is null ? 0 : 1) + (_history is null ? 0 : 1);
            return folder == _layout.LogsDirectory && _log is not null ? 1 : 0;
        }
    }

    /// <summary>A made refill's end (tests wait on it).</summary>
    internal Task Refilled { get; private set; } = Task.CompletedTask;

    /// <summary>How many files are held (tests).</summary>
    internal int Held
    {
        get
        {
            lock (_gate) return (_lock is null ? 0 : 1) + (_log is null ? 0 : 1) + (_history is null ? 0 : 1);
        }
    }

    /// <summary>An unnamed, empty file in <c>state/</c> holding an exclusive lock (flock), or null.</summary>
    public FileStream? TakeLock() => Take(ref _lock);

    /// <summary>An unnamed, empty file in <c>logs/</c>, or null.</summary>
    public FileStream? TakeLog() => Take(ref _log);

    /// <summary>An unnamed, empty file in <c>state/</c> for a new history, or null.</summary>
    public FileStream? TakeHistory() => Take(ref _history);

    /// <summary>Hands back a taken file that was not used (its name was taken): kept for the next start, or closed.</summary>
    public void GiveBackLock(FileStream file) => GiveBack(ref _lock, file);

    /// <summary>Hands back a taken log file that was not used.</summary>
    public void GiveBackLog(FileStream file) => GiveBack(ref _log, file);

    /// <summary>Whether refills run on the process's idle-priority thread (<see cref="IdleThread"/>; the trace tool compares with a pool thread).</summary>
    internal static bool OnIdleThread { get; set; } = true;

    /// <summary>Called once a new history exists: from the store's second one on, the next start's files are made. Never throws.</summary>
    public void HistoryCreated()
    {
        if (Interlocked.Increment(ref _created) >= 2) RefillSoon();
    }

    /// <summary>Makes, in the background, the files taken so far (one refill at a time). Never throws.</summary>
    public void RefillSoon()
    {
        if (!Enabled || Off) return;
        lock (_gate)
        {
            if (_disposed || (_lock is not null && _log is not null && _history is not null)) return;
        }
        if (Interlocked.Exchange(ref _refilling, 1) == 1) return;
        Refilled = OnIdleThread ? IdleThread.Run(Refill) : Task.Run(Refill);
    }

    private void Refill()
    {
        RunTrace.Mark("start files>");
        try
        {
            if (Needs(ref _lock)) Keep(ref _lock, Make(_layout.StateDirectory, locked: true));
            if (Needs(ref _log)) Keep(ref _log, Make(_layout.LogsDirectory, locked: false));
            if (Needs(ref _history)) Keep(ref _history, Make(_layout.StateDirectory, locked: false));
        }
        finally
        {
            Volatile.Write(ref _refilling, 0);
            RunTrace.Mark("start files<");
        }
    }

    private bool Needs(ref FileStream? slot)
    {
        lock (_gate) return !_disposed && slot is null;
    }

    private void Keep(ref FileStream? slot, FileStream? made)
    {
        if (made is null) return;
        lock (_gate)
        {
            if (!_disposed && slot is null)
            {
                slot = made;
                return;
            }
        }
        made.Dispose();
    }

    private FileStream? Take(ref FileStream? slot)
    {
        if (!Enabled || Off) return null;
        lock (_gate)
        {
            var file = slot;
            slot = null;
            if (file is not null) _taken++;
            return file;
        }
    }

    private void GiveBack(ref FileStream? slot, FileStream file)
    {
        lock (_gate) _taken--;
        Keep(ref slot, file);
    }

    // Null when the file cannot be made: the start then creates its own.
    private FileStream? Make(string folder, bool locked)
    {
        FileStream? file = null;
        try
        {
            BeforeMake?.Invoke(folder);
            file = UnnamedFile.TryCreate(folder);
            if (file is null || !locked) return file;
            if (LockingDisabled || Lock(file.SafeFileHandle.DangerousGetHandle().ToInt32(), LockExclusive | LockNonBlocking) != 0)
            {
                file.Dispose();
                return null;
            }
            return file;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or DllNotFoundException or EntryPointNotFoundException)
        {
            file?.Dispose();
            return null;
        }
    }

    /// <summary>Closes the files not taken (the system frees them: they have no name); a refill under way closes what it makes.</summary>
    public void Dispose()
    {
        FileStream?[] held;
        lock (_gate)
        {
            _disposed = true;
            held = [_lock, _log, _history];
            _lock = _log = _history = null;
        }
        foreach (var file in held) file?.Dispose();
    }

    // .NET takes no lock for FileShare.None when told not to (the same switch): neither is a lock file locked ahead then.
    private static readonly bool LockingDisabled =
        (AppContext.TryGetSwitch("System.IO.DisableFileLocking", out var disabled) && disabled)
        || Environment.GetEnvironmentVariable("DOTNET_SYSTEM_IO_DISABLEFILELOCKING") is "1" or "true" or "True" or "TRUE";

    [LibraryImport("libc", EntryPoint = "flock", SetLastError = true)]
    private static partial int Lock(int descriptor, int operation);
}
