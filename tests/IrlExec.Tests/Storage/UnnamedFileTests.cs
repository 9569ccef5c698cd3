using System.Text;
using IrlExec.Tests.Support;

namespace IrlExec.Tests.Storage;

/// <summary>
/// Flushed files (a new history, the manifest) are created without a name on Linux and named once their bytes are on
/// disk: their flush then does not also write the folder. Where that is not possible the named temporary file is used.
/// </summary>
public class UnnamedFileTests
{
    [Fact]
    public void On_linux_an_unnamed_file_is_in_no_folder_listing_until_it_is_named()
    {
        if (!OperatingSystem.IsLinux()) return; // elsewhere TryCreate returns null and flushed files are named from the start
        using var root = new TempRoot();
        var path = Path.Combine(root.Path, "history.jsonl");

        using (var file = UnnamedFile.TryCreate(root.Path))
        {
            Assert.NotNull(file);
            file.Write("first records\n"u8);
            file.Flush(flushToDisk: true);
            Assert.Empty(Directory.EnumerateFileSystemEntries(root.Path));

            UnnamedFile.Name(file, path);
            file.Write("appended through the same handle\n"u8);
        }

        Assert.Equal("first records\nappended through the same handle\n", File.ReadAllText(path));
        Assert.Equal(["history.jsonl"], Directory.GetFiles(root.Path).Select(Path.GetFileName));
    }

    [Fact]
    public void On_linux_an_unnamed_file_closed_before_it_is_named_leaves_nothing_behind()
    {
        if (!OperatingSystem.IsLinux()) return;
        using var root = new TempRoot();

        // What a process killed between the flush and the name leaves: the system closes the handle, as here.
        using (var file = UnnamedFile.TryCreate(root.Path))
        {
            Assert.NotNull(file);
            file.Write(new byte[64 * 1024]);
            file.Flush(flushToDisk: true);
        }

        Assert.Empty(Directory.EnumerateFileSystemEntries(root.Path));
    }

    [Fact]
    public void On_linux_an_unnamed_file_is_not_named_over_an_existing_file()
    {
        if (!OperatingSystem.IsLinux()) return;
        using var root = new TempRoot();
        var path = Path.Combine(root.Path, "history.jsonl");
        File.WriteAllText(path, "the existing history");
        using var file = UnnamedFile.TryCreate(root.Path);
        Assert.NotNull(file);
        file.Write("other records"u8);

        var error = Assert.ThrowsAny<IOException>(() => UnnamedFile.Name(file, path));

        Assert.Equal(17, error.HResult); // EEXIST
        Assert.Contains(path, error.Message, StringComparison.Ordinal);
        Assert.Equal("the existing history", File.ReadAllText(path));
    }

    [Fact]
    public void On_linux_an_unnamed_file_in_a_missing_folder_is_refused_as_a_missing_folder()
    {
        if (!OperatingSystem.IsLinux()) return;
        using var root = new TempRoot();

        Assert.Throws<DirectoryNotFoundException>(() => UnnamedFile.TryCreate(Path.Combine(root.Path, "missing")));

        Assert.Empty(Directory.EnumerateFileSystemEntries(root.Path));
    }

    [Fact]
    public void On_linux_a_flushed_atomic_file_has_no_name_in_its_folder_while_its_bytes_are_written()
    {
        if (!OperatingSystem.IsLinux()) return;
        using var root = new TempRoot();
        var path = Path.Combine(root.Path, "README.md");
        File.WriteAllText(path, "old");
        string[]? seen = null;

        AtomicFile.Write(path, "new", (stream, text) =>
        {
            seen = Directory.GetFileSystemEntries(root.Path).Select(Path.GetFileName).ToArray()!;
            stream.Write(Encoding.UTF8.GetBytes(text));
        }, flushToDisk: true);

        Assert.Equal(["README.md"], seen!);
        Assert.Equal("new", File.ReadAllText(path));
        Assert.Equal(["README.md"], Directory.GetFiles(root.Path).Select(Path.GetFileName));
    }

    [Fact]
    public void A_view_that_is_not_flushed_is_written_to_a_named_temporary_file()
    {
        using var root = new TempRoot();
        var path = Path.Combine(root.Path, "view.json");
        string[]? seen = null;

        AtomicFile.Write(path, "view", (stream, text) =>
        {
            seen = Directory.GetFileSystemEntries(root.Path).Select(Path.GetFileName).ToArray()!;
            stream.Write(Encoding.UTF8.GetBytes(text));
        }, flushToDisk: false);

        var temporary = Assert.Single(seen!);
        Assert.StartsWith(".view.json.", temporary, StringComparison.Ordinal);
        Assert.EndsWith(".tmp", temporary, StringComparison.Ordinal);
        Assert.Equal("view", File.ReadAllText(path));
    }
    // Tests that turn unnamed files off live in this class: its tests run one at a time, and no other class needs them on.
    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task A_new_history_holds_its_first_records_and_leaves_no_temporary_file_with_or_without_unnamed_files(bool unnamed)
    {
        UnnamedFile.Available = unnamed;
        try
        {
            using var root = new TempRoot();
            var layout = new ExecutionLayout(root.Path);
            using var store = new FileSystemExecutionStore(layout);

            await store.AppendAsync("exec_a", [Log(1, "created"), Log(2, "started")], flushToDisk: true, default);
            await store.AppendAsync("exec_a", [Log(3, "appended")], flushToDisk: true, default);

            var history = await new FileSystemExecutionStore(layout).ReadAsync("exec_a", default);
            Assert.Equal(["created", "started", "appended"], history!.Select(r => r.Message));
            Assert.Equal(["exec_a.history.jsonl"], Directory.GetFiles(layout.StateDirectory).Select(Path.GetFileName));
        }
        finally
        {
            UnnamedFile.Available = true;
        }
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void A_flushed_file_replaces_the_old_one_and_leaves_no_temporary_file_with_or_without_unnamed_files(bool unnamed)
    {
        UnnamedFile.Available = unnamed;
        try
        {
            using var root = new TempRoot();
            var path = Path.Combine(root.Path, "manifest", "README.md");

            AtomicFile.WriteAllText(path, "first");
            AtomicFile.WriteAllText(path, "second");

            Assert.Equal("second", File.ReadAllText(path));
            Assert.Equal(["README.md"], Directory.GetFiles(Path.GetDirectoryName(path)!).Select(Path.GetFileName));
        }
        finally
        {
            UnnamedFile.Available = true;
        }
    }

    private static ExecutionEvent Log(long sequence, string message) => HistoryFileTests.Log(sequence, message);
}
