using System.Buffers;
using System.Collections.Concurrent;

namespace IrlExec;

/// <summary>
/// The embedded default store: one append-only history file per execution under <c>execution/state/</c>
/// (see <see cref="HistoryCodec"/>). Appends that ask for it are flushed to disk (fsync) before they return.
/// Safe for many executions at once in one process and across processes (per-execution lock files).
/// </summary>
public sealed class FileSystemExecutionStore : IExecutionStore, IDisposable
{
    private readonly ConcurrentDictionary<string, HistoryAppender> _appenders = new(StringComparer.Ordinal);

    /// <summary>Creates a store under <paramref name="layout"/>'s root.</summary>
    public FileSystemExecutionStore(ExecutionLayout layout)
    {
        Layout = layout ?? throw new ArgumentNullException(nameof(layout));
        StartFiles = new StartFiles(layout);
    }

    /// <summary>Creates a store under <paramref name="root"/>.</summary>
    public FileSystemExecutionStore(string root) : this(new ExecutionLayout(root)) { }

    /// <summary>Where the files are.</summary>
    public ExecutionLayout Layout { get; }

    /// <summary>The files of the next execution's start, made ahead (see <see cref="IrlExec.StartFiles"/>).</summary>
    internal StartFiles StartFiles { get; }

    /// <inheritdoc />
    public ValueTask<string> ReserveRunLabelAsync(string workflow, DateTimeOffset now, CancellationToken cancellationToken)
    {
        PathSafety.WorkflowName(workflow);
        Directory.CreateDirectory(Layout.LogsDirectory);
        ExecutionLinks.Refuse(Layout, Layout.LogsDirectory); // the log files are created and appended in place
        var date = now.UtcDateTime.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
        var prefix = $"{workflow}-{date}-";
        // The number follows the highest on disk for that workflow and day. The hint (execution/index/run-numbers.txt)
        // knows it without listing logs/, which holds a log per run the root has seen, while nothing else changed the
        // folder since; else the folder is listed once. Reservations of every process take the hint's lock.
        CrossProcessLock? held;
        try
        {
            ExecutionLinks.Refuse(Layout, RunNumberHint.LockPath(Layout));
            held = CrossProcessLock.Acquire(RunNumberHint.LockPath(Layout), TimeSpan.FromSeconds(30));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or TimeoutException or ExecutionDataException)
        {
            held = null; // no hint then: the folder is listed, as without one
        }
        var madeAhead = StartFiles.TakeLog();
        try
        {
            using (held)
            {
                RunTrace.Mark("label locked");
                var before = RunNumberHint.LogsModifiedNow(Layout);
                var hint = (held is null ? null : RunNumberHint.ReadConsistent(Layout, date, before)) ?? RunNumberHint.FromListing(Layout, date, before);
                for (var number = hint.Highest(prefix) + 1; number < 100_000; number++)
                {
                    cancellationToken.ThrowIfCancellationRequested();
                    var label = $"{prefix}{number:000}";
                    // Creating the (empty) log file is the reservation: naming a file made ahead, like CreateNew, fails when
                    // the name exists (atomic across processes).
                    if (madeAhead is not null)
                    {
                        switch (NameMadeAhead(madeAhead, Layout.LogFile(label)))
                        {
                            case Naming.Named:
                                madeAhead = null;
                                RunTrace.Mark("label log created");
                                if (held is not null) Remember(hint, prefix, number);
                                RunTrace.Mark("label hint written");
                                return ValueTask.FromResult(label);
                            case Naming.Taken:
                                continue; // taken by a process that does not take the lock: try the next number
                            default:
                                madeAhead = null; // closed: this log is created as without one
                                break;
                        }
                    }
                    try
                    {
                        using var _ = new FileStream(Layout.LogFile(label), FileMode.CreateNew, FileAccess.Write, FileShare.ReadWrite);
                    }
                    catch (IOException) when (File.Exists(Layout.LogFile(label)))
                    {
                        continue; // taken by a process that does not take the lock: try the next number
                    }
                    RunTrace.Mark("label log created");
                    if (held is not null) Remember(hint, prefix, number);
                    RunTrace.Mark("label hint written");
                    return ValueTask.FromResult(label);
                }
            }
        }
        finally
        {
            if (madeAhead is not null) StartFiles.GiveBackLog(madeAhead); // not used: kept for the next start
        }
        throw new WorkflowException($"No free run number left for workflow '{workflow}' on {date} in {Layout.LogsDirectory}.");
    }

    // The folder's time is taken after the log was created: the next reservation trusts the hint while it is unchanged.
    private void Remember(RunNumberHint hint, string prefix, int number)
    {
        try
        {
            hint.Reserved(prefix, number, RunNumberHint.LogsModifiedNow(Layout));
            hint.Write(Layout);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or DiskFullException)
        {
            // The label is reserved; without a hint the next reservation lists the folder (a full disk is met, and
            // reported, by the run's first record).
        }
    }

    /// <inheritdoc />
    public ValueTask AppendAsync(string executionId, IReadOnlyList<ExecutionEvent> records, bool flushToDisk, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(records);
        if (records.Count == 0) return ValueTask.CompletedTask;
        // The id is checked once, when its appender is made: an id in the map has passed the check.
        if (!_appenders.TryGetValue(executionId, out var appender)) appender = _appenders.GetOrAdd(PathSafety.ExecutionId(executionId), id =>
        {
            var path = Layout.HistoryFile(id);
            ExecutionLinks.Refuse(Layout, path);
            return new HistoryAppender(Layout, id, path, StartFiles);
        });
        try
        {
            appender.Append(records, flushToDisk);
        }
        catch (IOException e) when (DiskFullException.IsDiskFull(e))
        {
            throw new DiskFullException(Layout.HistoryFile(executionId), executionId, e);
        }
        return ValueTask.CompletedTask;
    }

    /// <inheritdoc />
    public ValueTask<IReadOnlyList<ExecutionEvent>?> ReadAsync(string executionId, CancellationToken cancellationToken)
    {
        var path = Layout.HistoryFile(executionId);
        ExecutionLinks.Refuse(Layout, path); // a dangling link too: not taken for a missing history
        var decoded = ReadHistory(path);
        return ValueTask.FromResult(decoded?.Records);
    }

    /// <summary>
    /// Decodes the history at <paramref name="path"/>, or returns null when there is none. A history is created with its
    /// first records in place (see <see cref="HistoryAppender"/>), so a file without a complete record is damage, not an
    /// execution that has not started.
    /// </summary>
    /// <exception cref="ExecutionDataException">The history is damaged, empty, or a symbolic link.</exception>
    internal static HistoryCodec.DecodeResult? ReadHistory(string path)
    {
        if (!File.Exists(path))
        {
            ExecutionLinks.RefuseLink(path); // a dangling link: not followed, and not taken for a missing history either
            return null;
        }
        ExecutionLinks.RefuseLink(path);
        byte[] data;
        using (var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete))
        {
            data = new byte[stream.Length];
            stream.ReadExactly(data);
        }
        if (data.Length == 0) throw HistoryFiles.Empty(path);
        var decoded = HistoryCodec.Decode(data, path);
        if (decoded.Records.Count == 0) throw HistoryFiles.Empty(path);
        return decoded;
    }

    /// <inheritdoc />
    public ValueTask<IReadOnlyList<string>> ListAsync(CancellationToken cancellationToken)
    {
        const string suffix = ".history.jsonl";
        if (!Directory.Exists(Layout.StateDirectory)) return ValueTask.FromResult<IReadOnlyList<string>>([]);
        var ids = Directory.EnumerateFiles(Layout.StateDirectory, "*" + suffix)
            .Select(f => Path.GetFileName(f)[..^suffix.Length])
            .OrderBy(id => id, StringComparer.Ordinal)
            .ToList();
        return ValueTask.FromResult<IReadOnlyList<string>>(ids);
    }

    /// <inheritdoc />
    public ValueTask<IAsyncDisposable> AcquireLeaseAsync(string executionId, CancellationToken cancellationToken)
    {
        var path = Layout.LockFile(executionId);
        ExecutionLinks.Refuse(Layout, path);
        // A lock file made ahead holds its lock already: named, it is the lease. A name that exists (a resume, or another
        // runner's) is opened and locked as without one.
        if (StartFiles.TakeLock() is { } madeAhead)
        {
            var naming = NameMadeAhead(madeAhead, path);
            if (naming == Naming.Named)
            {
                RunTrace.Mark("leased");
                return ValueTask.FromResult<IAsyncDisposable>(new FileLease(madeAhead, () => Release(executionId)));
            }
            if (naming == Naming.Taken) StartFiles.GiveBackLock(madeAhead);
        }
        FileStream stream;
        try
        {
            // FileShare.None takes an exclusive advisory lock (flock on Unix); the OS releases it if the process dies.
            // The folder is created when it is missing, not before every lease.
            try
            {
                stream = new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
            }
            catch (IOException e) when (MissingFolder.Caused(e))
            {
                Directory.CreateDirectory(Layout.StateDirectory);
                ExecutionLinks.Refuse(Layout, path);
                stream = new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
            }
        }
        catch (IOException e)
        {
            throw new ExecutionLeaseException(executionId, e);
        }
        RunTrace.Mark("leased");
        return ValueTask.FromResult<IAsyncDisposable>(new FileLease(stream, () => Release(executionId)));
    }

    /// <inheritdoc />
    /// <remarks>One file per signal under <see cref="ExecutionLayout.SignalsDirectory"/>, written atomically and flushed, named so that names sort in posting order.</remarks>
    public ValueTask PostSignalAsync(string executionId, PendingSignal signal, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(signal);
        PathSafety.Segment(signal.Id, "signal id");
        var folder = Layout.SignalsDirectory(executionId);
        Directory.CreateDirectory(folder);
        var name = signal.SentAt.UtcTicks.ToString("D19", System.Globalization.CultureInfo.InvariantCulture) + "-" + signal.Id + ".json";
        AtomicFile.WriteAllBytes(Path.Combine(folder, name), System.Text.Json.JsonSerializer.SerializeToUtf8Bytes(signal, Internal.HistoryJsonContext.Default.PendingSignal));
        return ValueTask.CompletedTask;
    }

    /// <inheritdoc />
    public ValueTask<IReadOnlyList<PendingSignal>> ReadPendingSignalsAsync(string executionId, CancellationToken cancellationToken)
    {
        var folder = Layout.SignalsDirectory(executionId);
        if (!Directory.Exists(folder)) return ValueTask.FromResult<IReadOnlyList<PendingSignal>>([]);
        var signals = new List<PendingSignal>();
        foreach (var file in Directory.EnumerateFiles(folder, "*.json").Order(StringComparer.Ordinal))
        {
            ExecutionLinks.Refuse(Layout, file);
            byte[] bytes;
            try
            {
                bytes = File.ReadAllBytes(file);
            }
            catch (FileNotFoundException)
            {
                continue; // removed by the runner that recorded it
            }
            try
            {
                signals.Add(System.Text.Json.JsonSerializer.Deserialize(bytes, Internal.HistoryJsonContext.Default.PendingSignal)
                    ?? throw new ExecutionDataException(file, 1, "expected a signal object, found null."));
            }
            catch (System.Text.Json.JsonException e)
            {
                throw new ExecutionDataException(file, (int)(e.LineNumber ?? 0) + 1, "the posted signal is not valid JSON: " + e.Message);
            }
        }
        return ValueTask.FromResult<IReadOnlyList<PendingSignal>>(signals);
    }

    /// <inheritdoc />
    public ValueTask RemovePendingSignalsAsync(string executionId, IReadOnlyList<PendingSignal> signals, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(signals);
        var folder = Layout.SignalsDirectory(executionId);
        if (!Directory.Exists(folder)) return ValueTask.CompletedTask;
        foreach (var signal in signals)
        {
            foreach (var file in Directory.EnumerateFiles(folder, "*-" + PathSafety.Segment(signal.Id, "signal id") + ".json")) File.Delete(file);
        }
        return ValueTask.CompletedTask;
    }

    private enum Naming
    {
        Named,
        Taken,
        Failed,
    }

    // Names a file made ahead (StartFiles). Taken: the name exists, the file is kept by the caller. Failed: it cannot be
    // named there (a missing folder, another file system, ...): the file is closed and the caller creates its own.
    private static Naming NameMadeAhead(FileStream file, string path)
    {
        try
        {
            UnnamedFile.Name(file, path);
            return Naming.Named;
        }
        catch (IOException e) when (e.HResult == AlreadyExists)
        {
            return Naming.Taken;
        }
        catch (IOException)
        {
            file.Dispose();
            return Naming.Failed;
        }
    }

    private const int AlreadyExists = 17; // EEXIST

    /// <summary>
    /// Takes <paramref name="executionId"/>'s lease if no runner holds it, for tools that must not work on an execution
    /// while it runs (the view repair); null when it is held. With <paramref name="create"/> false, a missing lock file
    /// means no runner ever held it (a runner creates it before the history) and nothing is created.
    /// </summary>
    internal static IDisposable? TryLease(ExecutionLayout layout, string executionId, bool create)
    {
        var path = layout.LockFile(executionId);
        if (!create && !File.Exists(path)) return NoLease.Instance;
        try
        {
            if (create) Directory.CreateDirectory(layout.StateDirectory);
            return new FileStream(path, create ? FileMode.OpenOrCreate : FileMode.Open, FileAccess.ReadWrite, FileShare.None);
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            return NoLease.Instance;
        }
        catch (UnauthorizedAccessException) when (!create)
        {
            return NoLease.Instance; // a read-only root: no runner can be writing to it either
        }
        catch (IOException)
        {
            return null;
        }
    }

    private sealed class NoLease : IDisposable
    {
        public static readonly NoLease Instance = new();

        public void Dispose()
        {
        }
    }

    /// <summary>Closes open history files (and the files made ahead for the next start: they have no name, nothing is left).</summary>
    public void Dispose()
    {
        StartFiles.Dispose();
        foreach (var appender in _appenders.Values) appender.Dispose();
        _appenders.Clear();
    }

    private void Release(string executionId)
    {
        if (_appenders.TryRemove(executionId, out var appender)) appender.Dispose();
    }

    // The lock file itself stays when released: deleting it could race with another runner taking it.
    private sealed class FileLease(FileStream stream, Action onRelease) : IAsyncDisposable
    {
        private int _disposed;

        public ValueTask DisposeAsync()
        {
            if (Interlocked.Exchange(ref _disposed, 1) == 0)
            {
                onRelease();
                stream.Dispose();
                RunTrace.Mark("lease released");
            }
            return ValueTask.CompletedTask;
        }
    }

    /// <summary>Keeps one execution's history file open for appending; drops a torn tail once, when first opened.</summary>
    private sealed class HistoryAppender : IDisposable
    {
        private readonly object _gate = new();
        private readonly ArrayBufferWriter<byte> _buffer = new(4096);
        private readonly ExecutionLayout _layout;
        private readonly string _executionId;
        private readonly string _path;
        private readonly StartFiles _startFiles;
        private FileStream? _stream;

        public HistoryAppender(ExecutionLayout layout, string executionId, string path, StartFiles startFiles)
        {
            _startFiles = startFiles;
            _layout = layout;
            _executionId = executionId;
            _path = path;
        }

        public void Append(IReadOnlyList<ExecutionEvent> records, bool flushToDisk)
        {
            lock (_gate)
            {
                RunTrace.Mark("append>");
                _buffer.ResetWrittenCount();
                foreach (var record in records) HistoryCodec.Encode(record, _buffer);
                RunTrace.Mark("append encoded");
                if (_stream is null && !File.Exists(_path))
                {
                    Create(_buffer.WrittenSpan);
                    return;
                }
                _stream ??= Open();
                var committed = _stream.Position; // the end of the file: kept by the stream, no system call
                try
                {
                    _stream.Write(_buffer.WrittenSpan);
                    RunTrace.Mark("append written");
                    if (flushToDisk) _stream.Flush(flushToDisk: true);
                    else _stream.Flush();
                    RunTrace.Mark("append flushed");
                }
                catch (IOException)
                {
                    Abandon(committed);
                    throw;
                }
            }
        }

        // A write that failed (a full disk) may have left part of the records: cut the file back to what was committed
        // (removing it when nothing was, so a failed first write leaves no empty history), and reopen it on the next
        // append. A file that cannot be cut keeps a torn tail, which is dropped when it is next opened.
        private void Abandon(long committed)
        {
            var stream = _stream!;
            _stream = null;
            try
            {
                if (committed == 0)
                {
                    stream.Dispose();
                    File.Delete(_path);
                }
                else
                {
                    stream.SetLength(committed);
                }
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                // Left to the next open.
            }
            finally
            {
                stream.Dispose();
            }
        }

        // A new history appears with its first records already in it: they are written to a file without a name (where
        // the system has them, see UnnamedFile; else to a hidden temporary file), flushed, and the file is given its name.
        // A process killed, or a disk that fills up, while the history is created leaves no history at all (and no empty
        // one that would look like a damaged execution). The execution's line in the journal of started executions comes
        // first (see StartedJournal).
        private void Create(ReadOnlySpan<byte> firstRecords)
        {
            var directory = Path.GetDirectoryName(_path)!;
            ExecutionLinks.RefuseLink(_path);
            var journaled = StartedJournal.TryAppend(_layout, _executionId);
            RunTrace.Mark("create journaled");
            CreateFile(firstRecords, directory, journaled, _startFiles.TakeHistory());
        }

        // A file made ahead (StartFiles) is taken first. One that cannot be named here (its folder was removed, the root is
        // now on another file system) is given up, and the history is created as without it.
        private void CreateFile(ReadOnlySpan<byte> firstRecords, string directory, bool journaled, FileStream? madeAhead)
        {
            if ((madeAhead ?? CreateUnnamed(directory)) is { } unnamed)
            {
                try
                {
                    RunTrace.Mark("create opened");
                    unnamed.Write(firstRecords);
                    RunTrace.Mark("create written");
                    unnamed.Flush(flushToDisk: true);
                    RunTrace.Mark("create flushed");
                    UnnamedFile.Name(unnamed, _path);
                    RunTrace.Mark("create named");
                }
                catch (IOException e) when (madeAhead is not null && e.HResult != AlreadyExists && !DiskFullException.IsDiskFull(e))
                {
                    unnamed.Dispose();
                    CreateFile(firstRecords, directory, journaled, madeAhead: null);
                    return;
                }
                catch
                {
                    unnamed.Dispose(); // the system frees the file: it never had a name
                    throw;
                }
                _stream = unnamed;
                // Deleted once the history exists: a list that began before sees the folder changed and keeps no stamp.
                if (!journaled) StartedJournal.InvalidateListing(_layout);
                _startFiles.HistoryCreated(); // the next start's files, made while this run's steps go on
                return;
            }
            var temporary = Path.Combine(directory, "." + Path.GetFileName(_path) + "." + Guid.NewGuid().ToString("N")[..12] + ".tmp");
            FileStream? created = null;
            try
            {
                try
                {
                    created = new FileStream(temporary, FileMode.CreateNew, FileAccess.Write, FileShare.Read, 1, FileOptions.None);
                }
                catch (IOException e) when (MissingFolder.Caused(e))
                {
                    Directory.CreateDirectory(directory); // the folder is created when it is missing, not for every history
                    created = new FileStream(temporary, FileMode.CreateNew, FileAccess.Write, FileShare.Read, 1, FileOptions.None);
                }
                created.Write(firstRecords);
                created.Flush(flushToDisk: true);
                File.Move(temporary, _path, overwrite: false);
                // Deleted once the history exists: a list that began before sees the folder changed and keeps no stamp.
                if (!journaled) StartedJournal.InvalidateListing(_layout);
            }
            catch
            {
                created?.Dispose();
                try
                {
                    File.Delete(temporary);
                }
                catch (Exception e) when (e is IOException or UnauthorizedAccessException)
                {
                    // A hidden .tmp file is never read; the view repair removes it later.
                }
                throw;
            }
            // The handle follows the file to its name: the next records are appended to it, without opening the history
            // again and reading back what was just written.
            _stream = created;
            _startFiles.HistoryCreated();
        }

        // The folder is created when it is missing, not for every history.
        private static FileStream? CreateUnnamed(string directory)
        {
            try
            {
                return UnnamedFile.TryCreate(directory);
            }
            catch (DirectoryNotFoundException)
            {
                Directory.CreateDirectory(directory);
                return UnnamedFile.TryCreate(directory);
            }
        }

        private FileStream Open()
        {
            Directory.CreateDirectory(Path.GetDirectoryName(_path)!);
            var stream = new FileStream(_path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.Read, 1, FileOptions.None);
            if (stream.Length > 0)
            {
                var data = new byte[stream.Length];
                stream.ReadExactly(data);
                var decoded = HistoryCodec.Decode(data, _path);
                if (decoded.TornTailDropped)
                {
                    // The torn record was never committed; cut it off so the next record starts on a fresh line.
                    stream.SetLength(decoded.ValidLength);
                    stream.Flush(flushToDisk: true);
                }
            }
            stream.Seek(0, SeekOrigin.End);
            return stream;
        }

        public void Dispose()
        {
            lock (_gate)
            {
                _stream?.Dispose();
                _stream = null;
            }
        }
    }
}
