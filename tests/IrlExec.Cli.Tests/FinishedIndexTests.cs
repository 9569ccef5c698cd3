using IrlExec.Cli.Tests.Support;

namespace IrlExec.Cli.Tests;

/// <summary>
/// list finds the finished executions of a root through the index execution/index/finished.jsonl, and shows exactly what
/// it shows when it reads every history; validate compares the index with the histories and repair rebuilds it.
/// </summary>
public sealed class FinishedIndexTests : IDisposable
{
    private readonly TempRoot _root = new();

    public void Dispose() => _root.Dispose();

    private string IndexFile => FinishedIndex.FilePath(_root.Layout);

    // Five deploys run to the end and two left paused, in between.
    private async Task<(List<string> Finished, List<string> Paused)> FillAsync()
    {
        var finished = new List<string>();
        var paused = new List<string>();
        for (var i = 0; i < 5; i++)
        {
            finished.Add(await Samples.CompletedDeployAsync(_root));
            if (i is 1 or 3) paused.Add(await Samples.StartPausedDeployAsync(_root));
        }
        return (finished, paused);
    }

    private async Task<(string Json, string Error)> ListAsync(params string[] more)
    {
        var result = await Irlexec.RunAsync(["list", "--root", _root.Path, "--json", .. more]);
        Assert.True(result.ExitCode == ExitCodes.Ok, result.ToString());
        return (result.Out, result.Error);
    }

    [Fact]
    public async Task Runs_index_every_finished_execution_and_no_other()
    {
        var (finished, paused) = await FillAsync();

        var index = FinishedIndex.Read(_root.Layout);

        Assert.True(index.Exists);
        Assert.Empty(index.Problems);
        Assert.Equal(finished.Order(StringComparer.Ordinal), index.Entries.Keys.Order(StringComparer.Ordinal));
        Assert.DoesNotContain(paused, index.Entries.ContainsKey);
        Assert.All(index.Entries.Values, e => Assert.Equal(ExecutionStatus.CompletedSuccess, e.Status));
        Assert.True(new ViewRepair(_root.Layout).Check().Consistent);
    }

    [Theory]
    [InlineData("0")]
    [InlineData("3")]
    [InlineData("20")]
    public async Task List_shows_the_same_rows_through_the_index_as_from_every_history(string limit)
    {
        await FillAsync();
        var (withIndex, quiet) = await ListAsync("--limit", limit);
        var kept = File.ReadAllBytes(IndexFile);

        File.Delete(IndexFile);
        var (fromHistories, warning) = await ListAsync("--limit", limit);
        File.WriteAllBytes(IndexFile, kept);

        Assert.Equal(fromHistories, withIndex);
        Assert.Equal("", quiet);
        Assert.Contains("lacks 5 finished execution(s)", warning, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_damaged_index_line_is_reported_list_reads_the_histories_and_repair_rebuilds_it()
    {
        await FillAsync();
        var (before, _) = await ListAsync("--limit", "2");
        var entries = FinishedIndex.Read(_root.Layout).Entries;
        var lines = File.ReadAllLines(IndexFile);
        lines[2] = lines[2].Replace("\"status\":\"COMPLETED_SUCCESS\"", "\"status\":\"COMPLETED_SU", StringComparison.Ordinal);
        File.WriteAllLines(IndexFile, lines);

        var (after, warning) = await ListAsync("--limit", "2");
        var validate = await Irlexec.RunAsync("validate", "--root", _root.Path);
        var repair = await Irlexec.RunAsync("repair", "--root", _root.Path);
        var again = await Irlexec.RunAsync("validate", "--root", _root.Path);

        Assert.Equal(before, after);
        Assert.Contains("1 unreadable line(s)", warning, StringComparison.Ordinal);
        Assert.Equal(ExitCodes.DamagedFile, validate.ExitCode);
        Assert.True(validate.Out.Contains($"{IndexFile}:3:", StringComparison.Ordinal), validate.ToString());
        Assert.Equal(ExitCodes.Ok, repair.ExitCode);
        Assert.True(again.ExitCode == ExitCodes.Ok, again.ToString());
        Assert.Equal(entries.OrderBy(e => e.Key), FinishedIndex.Read(_root.Layout).Entries.OrderBy(e => e.Key));
    }

    [Fact]
    public async Task An_entry_for_an_execution_that_has_not_finished_is_reported_and_repair_removes_it()
    {
        var (_, paused) = await FillAsync();
        var lines = File.ReadAllLines(IndexFile).ToList();
        lines.Add(lines[0].Replace(lines[0].Split('"')[7], paused[0], StringComparison.Ordinal));
        File.WriteAllLines(IndexFile, lines);
        Assert.True(FinishedIndex.Read(_root.Layout).Entries.ContainsKey(paused[0]));

        var validate = await Irlexec.RunAsync("validate", "--root", _root.Path);
        await Irlexec.RunAsync("repair", "--root", _root.Path);

        Assert.Equal(ExitCodes.DamagedFile, validate.ExitCode);
        Assert.Contains("its history has not finished", validate.Out, StringComparison.Ordinal);
        Assert.False(FinishedIndex.Read(_root.Layout).Entries.ContainsKey(paused[0]));
        Assert.True(new ViewRepair(_root.Layout).Check().Consistent);
    }

    [Fact]
    public async Task A_finished_execution_missing_from_the_index_is_reported_and_repair_adds_it()
    {
        var (finished, _) = await FillAsync();
        var lines = File.ReadAllLines(IndexFile);
        File.WriteAllLines(IndexFile, lines.Where(l => !l.Contains(finished[3], StringComparison.Ordinal)));

        var validate = await Irlexec.RunAsync("validate", "--root", _root.Path);
        await Irlexec.RunAsync("repair", "--root", _root.Path);

        Assert.Equal(ExitCodes.DamagedFile, validate.ExitCode);
        Assert.Contains("has no entry for the execution, which has finished", validate.Out, StringComparison.Ordinal);
        Assert.True(FinishedIndex.Read(_root.Layout).Entries.ContainsKey(finished[3]));
        Assert.True(new ViewRepair(_root.Layout).Check().Consistent);
    }
}
