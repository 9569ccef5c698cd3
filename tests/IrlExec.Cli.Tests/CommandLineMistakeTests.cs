using IrlExec.Cli.Tests.Support;

namespace IrlExec.Cli.Tests;

/// <summary>What a newcomer's slips on the command line get: one clear error, a suggestion, the right exit code.</summary>
public sealed class CommandLineMistakeTests : IDisposable
{
    private readonly TempRoot _root = new();

    public void Dispose() => _root.Dispose();

    [Fact]
    public async Task A_mistyped_command_gets_one_error_with_the_command_it_is_closest_to()
    {
        var result = await Irlexec.RunAsync("lst", "--root", _root.Path);

        Assert.Equal(ExitCodes.Usage, result.ExitCode);
        var errors = result.Error.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(["error: 'lst' is not an irlexec command. Did you mean 'list'? Run 'irlexec --help' for the commands."], errors);
    }

    [Fact]
    public async Task A_word_close_to_no_command_gets_no_suggestion()
    {
        var result = await Irlexec.RunAsync("frobnicate");

        Assert.Equal(ExitCodes.Usage, result.ExitCode);
        Assert.Equal("error: 'frobnicate' is not an irlexec command. Run 'irlexec --help' for the commands.", result.Error.Trim());
    }

    [Theory]
    [InlineData("-1")]
    [InlineData("-20")]
    public async Task A_negative_list_limit_is_a_usage_error(string limit)
    {
        await Samples.StartPausedDeployAsync(_root);

        var result = await Irlexec.RunAsync("list", "--root", _root.Path, "--limit", limit);

        Assert.Equal(ExitCodes.Usage, result.ExitCode);
        Assert.Contains($"--limit must be 0 (all) or more, not {limit}.", result.Error);
    }

    [Theory]
    [InlineData("list", "--limit")]
    [InlineData("logs", "--tail")]
    [InlineData("archive", "--older-than")]
    [InlineData("clean", "--older-than")]
    [InlineData("dashboard", "--port")]
    public async Task A_number_option_given_a_word_is_a_usage_error_naming_it(string command, string option)
    {
        await Samples.StartPausedDeployAsync(_root);

        var result = await Irlexec.RunAsync(command, "--root", _root.Path, option, "many");

        Assert.True(result.ExitCode == ExitCodes.Usage, result.ToString());
        Assert.Contains($"Cannot parse argument 'many' for option '{option}'", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_negative_logs_tail_is_a_usage_error()
    {
        await Samples.StartPausedDeployAsync(_root);

        var result = await Irlexec.RunAsync("logs", "--root", _root.Path, "--tail", "-1");

        Assert.True(result.ExitCode == ExitCodes.Usage, result.ToString());
        Assert.Contains("--tail must be 0 (all) or more, not -1.", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_list_limit_of_0_shows_all()
    {
        await Samples.CompletedDeployAsync(_root);
        await Samples.CompletedDeployAsync(_root);

        var result = await Irlexec.RunAsync("list", "--root", _root.Path, "--limit", "0", "--json");

        Assert.Equal(ExitCodes.Ok, result.ExitCode);
        Assert.Equal(2, result.Json().GetProperty("executions").GetArrayLength());
    }

    [Fact]
    public async Task Run_creates_a_missing_root_as_the_SDK_does()
    {
        var missing = _root["new/root"];

        var result = await Irlexec.RunAsync("run", "deploy", "--root", missing, "--assembly", Samples.Deploy, "--var", "version=1.0.0", "--var", "environment=qa");

        Assert.True(result.ExitCode == ExitCodes.Paused, result.ToString());
        Assert.True(Directory.Exists(Path.Combine(missing, "execution", "state")));
    }

    [Fact]
    public async Task Reading_commands_still_refuse_a_missing_root_with_exit_3()
    {
        var result = await Irlexec.RunAsync("status", "exec_x", "--root", _root["missing"]);

        Assert.Equal(ExitCodes.RootNotFound, result.ExitCode);
    }

    [Fact]
    public async Task An_id_given_with_execution_id_is_accepted_and_a_malformed_one_is_told_what_an_id_may_hold()
    {
        var run = await Irlexec.RunAsync("run", "deploy", "--root", _root.Path, "--assembly", Samples.Deploy, "--execution-id", "my-run-1", "--var", "version=1.0.0", "--var", "environment=qa");
        Assert.True(run.ExitCode == ExitCodes.Paused, run.ToString());
        Assert.Equal(ExitCodes.Ok, (await Irlexec.RunAsync("status", "my-run-1", "--root", _root.Path)).ExitCode);

        var result = await Irlexec.RunAsync("status", "my run/1", "--root", _root.Path);

        Assert.Equal(ExitCodes.UnknownId, result.ExitCode);
        Assert.Contains("'my run/1' is not an execution id: an id is 1-200 letters, digits, '_', '-' or '.'", result.Error);
        Assert.DoesNotContain("exec_2026", result.Error);
    }

    [Fact]
    public async Task Json_times_end_in_Z_as_in_the_files()
    {
        var id = await Samples.StartPausedDeployAsync(_root);

        var list = (await Irlexec.RunAsync("list", "--root", _root.Path, "--json")).Json().GetProperty("executions")[0];
        var status = (await Irlexec.RunAsync("status", id, "--root", _root.Path, "--json")).Json();

        foreach (var time in new[] { list.GetProperty("start_time"), list.GetProperty("last_updated"), status.GetProperty("start_time") })
        {
            Assert.Matches(@"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z$", time.GetString());
        }
    }
}
