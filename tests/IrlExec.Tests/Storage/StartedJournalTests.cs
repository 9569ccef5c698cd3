using IrlExec.Tests.Support;

namespace IrlExec.Tests.Storage;

/// <summary>
/// The journal of started executions (<c>execution/index/started.txt</c>): one line per execution, appended by every
/// process that creates one, never lost to another appender, and never the reason a run fails.
/// </summary>
public class StartedJournalTests
{
    [Fact]
    public async Task Lines_appended_at_once_by_many_writers_are_all_kept_whole()
    {
        using var root = new TempRoot();
        var layout = new ExecutionLayout(root.Path);
        Directory.CreateDirectory(Path.GetDirectoryName(StartedJournal.FilePath(layout))!);
        const int writers = 8, each = 200;
        using var start = new ManualResetEventSlim();

        // Each append opens the file on its own, as separate processes do.
        var tasks = Enumerable.Range(0, writers).Select(w => Task.Factory.StartNew(() =>
        {
            start.Wait();
            for (var i = 0; i < each; i++) Assert.True(StartedJournal.TryAppend(layout, $"exec_20260102T000000Z_w{w}_{i:000}"));
        }, TaskCreationOptions.LongRunning)).ToList();
        start.Set();
        await Task.WhenAll(tasks);

        var lines = File.ReadAllLines(StartedJournal.FilePath(layout));
        Assert.Equal(writers * each, lines.Length);
        Assert.Equal(writers * each, lines.Distinct().Count());
        Assert.All(lines, l => Assert.Matches("^exec_20260102T000000Z_w[0-7]_[0-9]{3}$", l));
    }

    [Fact]
    public void A_line_is_not_written_without_the_index_folder_and_the_folder_is_not_created()
    {
        using var root = new TempRoot();
        var layout = new ExecutionLayout(root.Path);

        Assert.False(StartedJournal.TryAppend(layout, "exec_20260102T000000Z_a"));

        Assert.False(Directory.Exists(Path.GetDirectoryName(StartedJournal.FilePath(layout))));
    }
}
