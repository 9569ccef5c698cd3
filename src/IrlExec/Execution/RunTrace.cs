using System.Diagnostics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace IrlExec;

/// <summary>
/// Timestamps of the points of a filesystem run's start and end (the lease, the run label, the creation's fsync, the
/// end's views), for the benchmarks' <c>durable-trace</c> breakdown. Off unless a benchmark turns it on: a mark is then
/// one read of a static field.
/// </summary>
internal static partial class RunTrace
{
    [ThreadStatic]
    private static int t_osThread;

    private static (string What, long At, int Thread)[] s_marks = [];
    private static int s_count;

    /// <summary>Whether marks are kept (set by <see cref="Start"/>).</summary>
    internal static volatile bool Enabled;

    /// <summary>Keeps up to <paramref name="capacity"/> marks from now on (earlier ones are dropped).</summary>
    internal static void Start(int capacity)
    {
        s_marks = new (string, long, int)[capacity];
        Volatile.Write(ref s_count, 0);
        Enabled = true;
    }

    /// <summary>Records that <paramref name="what"/> happened now, on this thread (its operating system id where known).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static void Mark(string what)
    {
        if (Enabled) Add(what);
    }

    /// <summary>Records that <paramref name="what"/> happened now to the file <paramref name="path"/> (its name is kept).</summary>
    internal static void Mark(string what, string path)
    {
        if (Enabled) Add(what + " " + Path.GetFileName(path));
    }

    private static void Add(string what)
    {
        var marks = s_marks;
        var i = Interlocked.Increment(ref s_count) - 1;
        if (i < marks.Length) marks[i] = (what, Stopwatch.GetTimestamp(), OsThread());
    }

    // The operating system's id of the calling thread (Linux: its tid, as the scheduler's traces name it), else the
    // managed one: the marks can then be read beside a perf or ftrace record of the same run.
    private static int OsThread()
    {
        if (t_osThread != 0) return t_osThread;
        var id = Environment.CurrentManagedThreadId;
        if (OperatingSystem.IsLinux())
        {
            try
            {
                id = GetTid();
            }
            catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException)
            {
                // the managed id then
            }
        }
        return t_osThread = id;
    }

    [LibraryImport("libc", EntryPoint = "gettid")]
    private static partial int GetTid();

    /// <summary>The marks kept since the last call (in the order they were taken), and forgets them.</summary>
    internal static List<(string What, long At, int Thread)> Take()
    {
        var marks = s_marks;
        var count = Math.Min(Interlocked.Exchange(ref s_count, 0), marks.Length);
        var taken = new List<(string, long, int)>(count);
        for (var i = 0; i < count; i++) taken.Add(marks[i]);
        taken.Sort((a, b) => a.Item2.CompareTo(b.Item2));
        return taken;
    }
}
