using System.Runtime.InteropServices;

namespace IrlExec.Benchmarks.Infrastructure;

/// <summary>
/// Pins the calling thread, and only it, to one processor (Linux <c>sched_setaffinity</c> with thread id 0: the calling
/// thread). The process's other threads (the thread pool, the runtime's idle-priority thread, the JIT's) keep every
/// processor. Why the benchmarks want it: an fsync costs more on a processor other than the one that takes the disk's
/// interrupts (<see cref="CurrentCpu"/>), so two cases that fsync from one thread are only comparable with that thread on
/// the same processor in both.
/// </summary>
internal static class ThreadAffinity
{
    // A cpu_set_t of 1,024 processors (glibc's size): the kernel refuses a mask shorter than its own count of processors.
    private const int MaskBytes = 128;

    /// <summary>Pins the calling thread to <paramref name="cpu"/>; throws where that cannot be done (not Linux, no such processor).</summary>
    public static void PinCurrentThread(int cpu)
    {
        if (!OperatingSystem.IsLinux()) throw new PlatformNotSupportedException("Pinning a thread to a processor needs Linux (sched_setaffinity).");
        if (cpu < 0 || cpu >= Environment.ProcessorCount) throw new ArgumentOutOfRangeException(nameof(cpu), cpu, $"This machine has {Environment.ProcessorCount} processors.");
        var mask = new byte[MaskBytes];
        mask[cpu / 8] = (byte)(1 << (cpu % 8));
        if (SchedSetAffinity(0, (nuint)MaskBytes, mask) != 0)
        {
            throw new InvalidOperationException($"sched_setaffinity to processor {cpu} failed: errno {Marshal.GetLastPInvokeError()}.");
        }
        // The thread moves at once only if it is not running; it runs, so the kernel migrates it before it returns to user
        // space: the next instruction runs on the processor asked for.
    }

// DllImport, as CurrentCpu: a byte array is pinned, not copied (LibraryImport would need unsafe blocks here).
#pragma warning disable SYSLIB1054
    [DllImport("libc", EntryPoint = "sched_setaffinity", SetLastError = true)]
    private static extern int SchedSetAffinity(int pid, nuint cpuSetSize, byte[] mask);
#pragma warning restore SYSLIB1054
}
