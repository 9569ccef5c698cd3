using System.Runtime.InteropServices;

namespace IrlExec.Benchmarks.Infrastructure;

/// <summary>
/// The processor the calling thread runs on (Linux <c>sched_getcpu</c>, a vDSO read: no system call), or -1 where it is not
/// known. Why the tools want it: a block device completes its requests with an interrupt on one processor (on a machine
/// with one request queue, always the same one); an <c>fsync</c> waits three times (the data, the inode's block, the
/// cache flush), and a thread on another processor is woken each time through an inter-processor interrupt, so the same
/// <c>fsync</c> costs more there. A comparison of two fsync'd loops is only fair per processor.
/// </summary>
internal static class CurrentCpu
{
    private static bool s_available = OperatingSystem.IsLinux();

    public static int Get()
    {
        if (!s_available) return -1;
        try
        {
            return SchedGetCpu();
        }
        catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException)
        {
            s_available = false;
            return -1;
        }
    }

    /// <summary>
    /// The lines of <c>/proc/interrupts</c> of block request queues (virtio-blk's <c>virtioN-req.M</c>, NVMe's
    /// <c>nvmeNqM</c>): per processor, how many completions it took. Empty where there is no such file.
    /// </summary>
    public static IEnumerable<string> BlockInterrupts()
    {
        string[] lines;
        try
        {
            lines = File.ReadAllLines("/proc/interrupts");
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            yield break;
        }
        foreach (var line in lines)
        {
            var name = line.TrimEnd();
            if (name.Contains("-req.", StringComparison.Ordinal) || System.Text.RegularExpressions.Regex.IsMatch(name, @"nvme\d+q\d+$"))
            {
                yield return string.Join(' ', name.Split(' ', StringSplitOptions.RemoveEmptyEntries));
            }
        }
    }

    // DllImport: a blittable call without arguments needs no marshalling code (LibraryImport would need unsafe blocks here).
#pragma warning disable SYSLIB1054
    [DllImport("libc", EntryPoint = "sched_getcpu")]
    private static extern int SchedGetCpu();
#pragma warning restore SYSLIB1054
}
