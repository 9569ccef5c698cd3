using System.Collections.Concurrent;
using System.Runtime.InteropServices;

namespace IrlExec;

/// <summary>
/// One background thread per process that runs work only when a processor would otherwise be idle (Linux
/// <c>SCHED_IDLE</c>; elsewhere, or where the system refuses, a normal background thread): for work done ahead of need
/// (<see cref="StartFiles"/>), whose processor time would otherwise be taken from the steps of the run it is done beside.
/// </summary>
/// <remarks>
/// Why: making a file costs processor time in the file system (ext4's inode allocator scanning past recently freed
/// inodes: hundreds of microseconds a file in a process that runs many executions). On a machine with a spare processor a
/// normal thread does it beside the run's steps (they wait for their fsyncs) at no cost to them; on a busy one it takes
/// its time from them. At idle priority it takes only time no one else wants; work it has not done by the time it is
/// needed is done by its caller, as without it.
/// </remarks>
internal static partial class IdleThread
{
    private const int IdlePolicy = 5; // SCHED_IDLE

    private static readonly BlockingCollection<(Action Work, TaskCompletionSource Done)> Queue = [];
    private static readonly Lazy<Thread> Worker = new(Start);

    /// <summary>Runs <paramref name="work"/> on the idle thread; the task completes when it has run (it must not throw).</summary>
    public static Task Run(Action work)
    {
        _ = Worker.Value;
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        Queue.Add((work, done));
        return done.Task;
    }

    private static Thread Start()
    {
        var thread = new Thread(Loop) { IsBackground = true, Name = "IrlExec idle work" };
        thread.Start();
        return thread;
    }

    private static void Loop()
    {
        LowerPriority();
        foreach (var (work, done) in Queue.GetConsumingEnumerable())
        {
            try
            {
                work();
                done.TrySetResult();
            }
            catch (Exception e)
            {
                done.TrySetException(e);
            }
        }
    }

    /// <summary>
    /// Whether the thread runs at idle priority (set by the thread when it starts; false until then, off Linux, or where
    /// the system refused). Work that only pays when it takes no time from others checks it. Settable for tests.
    /// </summary>
    internal static bool AtIdlePriority { get; set; }

    private static void LowerPriority()
    {
        if (!OperatingSystem.IsLinux()) return;
        try
        {
            var parameter = 0; // sched_priority: 0 for SCHED_IDLE
            AtIdlePriority = SetScheduler(0, IdlePolicy, ref parameter) == 0; // 0: the calling thread; refused: a normal thread then
        }
        catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException)
        {
            // a normal thread then
        }
    }

    [LibraryImport("libc", EntryPoint = "sched_setscheduler", SetLastError = true)]
    private static partial int SetScheduler(int pid, int policy, ref int parameter);
}
