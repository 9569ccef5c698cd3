using System.Collections.Concurrent;
using System.Text;
using IrlExec.Tests.Support;

namespace IrlExec.Tests.Storage;

/// <summary>
/// Many threads create files at once in a folder that does not exist yet (the first runs in a new root): each open
/// finds the folder missing and one thread creates it. .NET names that failure after looking at the folder again, so a
/// thread whose open failed just before another created the folder sees a FileNotFoundException, not a
/// DirectoryNotFoundException: it must still create the folder (already there) and open again. The race window is a few
/// microseconds wide, so each test repeats the race in many new folders (before the fix, 1,500 rounds of 12 threads saw
/// 3 to 20 failures). The rounds stop early after <see cref="Budget"/> on a slow machine: fewer rounds can only miss the
/// race, never fail a correct store.
/// </summary>
public class MissingFolderRaceTests
{
    private const int Threads = 12;
    private const int Rounds = 1500;
    private static readonly TimeSpan Budget = TimeSpan.FromSeconds(15);

    [Fact]
    public void Leases_taken_at_once_in_a_new_root_are_all_granted()
    {
        using var parent = new TempRoot();

        var failures = RaceInNewFolders(parent.Path, (folder, thread) =>
        {
            using var store = new FileSystemExecutionStore(folder);
            var lease = store.AcquireLeaseAsync("run-" + thread, CancellationToken.None).AsTask().GetAwaiter().GetResult();
            lease.DisposeAsync().AsTask().GetAwaiter().GetResult();
            Assert.True(File.Exists(store.Layout.LockFile("run-" + thread)));
        });

        Assert.True(failures.IsEmpty, $"{failures.Count} of {Rounds * Threads} leases failed; the first: {failures.FirstOrDefault()}");
    }

    [Fact]
    public void Files_written_atomically_at_once_into_a_new_folder_are_all_written()
    {
        using var parent = new TempRoot();

        var failures = RaceInNewFolders(parent.Path, (folder, thread) =>
        {
            var path = Path.Combine(folder, "views", thread + ".json");
            AtomicFile.WriteAllBytes(path, Encoding.UTF8.GetBytes("view " + thread), flushToDisk: false);
            Assert.Equal("view " + thread, File.ReadAllText(path));
        });

        Assert.True(failures.IsEmpty, $"{failures.Count} of {Rounds * Threads} writes failed; the first: {failures.FirstOrDefault()}");
    }

    // Runs `create(folder, thread)` on every thread at once, in a new folder each round (under `parent`, not created).
    private static ConcurrentQueue<Exception> RaceInNewFolders(string parent, Action<string, int> create)
    {
        var failures = new ConcurrentQueue<Exception>();
        var stopAt = DateTime.UtcNow + Budget;
        var overBudget = false;
        using var start = new Barrier(Threads, _ => overBudget = DateTime.UtcNow > stopAt);
        var threads = Enumerable.Range(0, Threads).Select(thread => new Thread(() =>
        {
            for (var round = 0; round < Rounds; round++)
            {
                start.SignalAndWait(); // the last thread to arrive decides for every thread whether this round runs
                if (overBudget) return;
                try
                {
                    create(Path.Combine(parent, round.ToString(System.Globalization.CultureInfo.InvariantCulture)), thread);
                }
                catch (Exception e)
                {
                    failures.Enqueue(e);
                }
            }
        })).ToList();
        threads.ForEach(t => t.Start());
        threads.ForEach(t => t.Join());
        return failures;
    }
}
