using System.Text;
using IrlExec.Tests.Support;

namespace IrlExec.Tests.Storage;

public class AtomicFileTests
{
    private static byte[] Version(int number, int length) =>
        Encoding.UTF8.GetBytes($"version {number:D6} " + new string((char)('a' + number % 26), length));

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void The_first_write_creates_the_file(bool flushToDisk)
    {
        using var root = new TempRoot();
        var path = Path.Combine(root.Path, "views", "view.json");

        AtomicFile.WriteAllBytes(path, Version(1, 10), flushToDisk);

        Assert.Equal(Version(1, 10), File.ReadAllBytes(path));
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void A_replaced_file_holds_the_new_bytes_and_its_folder_keeps_no_other_file(bool flushToDisk)
    {
        using var root = new TempRoot();
        var path = Path.Combine(root.Path, "view.md");
        AtomicFile.WriteAllBytes(path, Version(1, 300_000), flushToDisk);

        AtomicFile.WriteAllBytes(path, Version(2, 10), flushToDisk);
        AtomicFile.WriteAllBytes(path, Version(3, 200_000), flushToDisk);

        Assert.Equal(Version(3, 200_000), File.ReadAllBytes(path));
        Assert.Equal(["view.md"], Directory.GetFiles(root.Path).Select(Path.GetFileName));
    }

    [Fact]
    public void A_reader_holding_the_old_file_open_keeps_reading_the_old_bytes()
    {
        using var root = new TempRoot();
        var path = Path.Combine(root.Path, "view.md");
        AtomicFile.WriteAllBytes(path, Version(1, 1000), flushToDisk: false);
        using var reader = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);

        AtomicFile.WriteAllBytes(path, Version(2, 1000), flushToDisk: false);

        var old = new byte[Version(1, 1000).Length];
        reader.ReadExactly(old);
        Assert.Equal(Version(1, 1000), old);
        Assert.Equal(Version(2, 1000), File.ReadAllBytes(path));
    }

    [Fact]
    public void A_write_that_throws_leaves_the_old_file_and_no_temporary_file()
    {
        using var root = new TempRoot();
        var path = Path.Combine(root.Path, "view.json");
        AtomicFile.WriteAllBytes(path, Version(1, 100), flushToDisk: false);

        Assert.Throws<InvalidOperationException>(() => AtomicFile.Write(path, 0, static (stream, _) =>
        {
            stream.Write(Version(2, 100));
            throw new InvalidOperationException("the view failed half way");
        }, flushToDisk: false));

        Assert.Equal(Version(1, 100), File.ReadAllBytes(path));
        Assert.Equal(["view.json"], Directory.GetFiles(root.Path).Select(Path.GetFileName));
    }

    [Fact]
    public async Task Readers_never_find_a_view_missing_or_torn_while_two_writers_replace_it()
    {
        using var root = new TempRoot();
        var path = Path.Combine(root.Path, "execution_state.md");
        const int Length = 50_000;
        AtomicFile.WriteAllBytes(path, Version(0, Length), flushToDisk: false);
        var versions = Enumerable.Range(0, 400).ToDictionary(i => i, i => Version(i, Length));
        using var done = new CancellationTokenSource();
        // The writers start once the reader reads: a reader scheduled after them would check nothing.
        using var reading = new ManualResetEventSlim();

        var reads = 0;
        var reader = Task.Run(() =>
        {
            while (!done.IsCancellationRequested)
            {
                var bytes = File.ReadAllBytes(path); // throws if the name is ever missing
                var number = int.Parse(Encoding.UTF8.GetString(bytes, 8, 6), System.Globalization.CultureInfo.InvariantCulture);
                Assert.Equal(versions[number], bytes);
                reads++;
                reading.Set();
            }
        });
        var writers = Enumerable.Range(0, 2).Select(w => Task.Run(() =>
        {
            Assert.True(reading.Wait(TimeSpan.FromSeconds(30)), "the reader never read");
            for (var i = 1 + w; i < versions.Count; i += 2) AtomicFile.WriteAllBytes(path, versions[i], flushToDisk: false);
        })).ToArray();
        await Task.WhenAll(writers);
        await done.CancelAsync();
        await reader;

        Assert.True(reads > 0);
        Assert.Equal(["execution_state.md"], Directory.GetFiles(root.Path).Select(Path.GetFileName));
    }

    [Fact]
    public void On_linux_two_files_exchange_their_names()
    {
        if (!OperatingSystem.IsLinux()) return; // the exchange is Linux only; elsewhere views are renamed over.
        using var root = new TempRoot();
        var a = Path.Combine(root.Path, "a");
        var b = Path.Combine(root.Path, "b");
        File.WriteAllText(a, "first");
        File.WriteAllText(b, "second");

        Assert.True(FileExchange.TryExchange(a, b));

        Assert.Equal("second", File.ReadAllText(a));
        Assert.Equal("first", File.ReadAllText(b));
    }

    [Fact]
    public void An_exchange_with_a_missing_target_changes_nothing()
    {
        using var root = new TempRoot();
        var source = Path.Combine(root.Path, "new");
        File.WriteAllText(source, "new");

        Assert.False(FileExchange.TryExchange(source, Path.Combine(root.Path, "missing")));

        Assert.Equal("new", File.ReadAllText(source));
        Assert.Equal(["new"], Directory.GetFiles(root.Path).Select(Path.GetFileName));
    }
}
