using IrlExec.Cli.Output;
using IrlExec.Cli.Tests.Support;
using IrlExec.Cli.Tests.Workflows;

namespace IrlExec.Cli.Tests;

/// <summary><c>--max-attempts</c>, <c>--max-recovery-attempts</c> and <c>--on-step-failure</c> of run, simulate and resume.</summary>
public sealed class AttemptOptionsTests : IDisposable
{
    private static readonly string Assembly = typeof(ThirdTimeLuckyWorkflow).Assembly.Location;
    private readonly TempRoot _root = new();

    public void Dispose() => _root.Dispose();

    private Task<CliResult> Irl(params string[] args) => Irlexec.RunAsync([.. args, "--root", _root.Path, "--assembly", Assembly]);

    private async Task<System.Text.Json.JsonElement> StatusAsync(string id)
    {
        var status = await Irlexec.RunAsync("status", id, "--root", _root.Path, "--json");
        Assert.True(status.ExitCode is ExitCodes.Ok or ExitCodes.Paused or ExitCodes.Failed, status.ToString());
        return status.Json();
    }

    [Fact]
    public async Task Without_max_attempts_a_step_that_fails_once_pauses_the_execution()
    {
        var run = await Irl("run", "third-time-lucky");

        Assert.True(run.ExitCode == ExitCodes.Paused, run.ToString());
    }

    [Fact]
    public async Task Max_attempts_gives_every_step_that_many_attempts_in_the_run()
    {
        var run = await Irl("run", "third-time-lucky", "--max-attempts", "3", "--json");

        Assert.True(run.ExitCode == ExitCodes.Ok, run.ToString());
        var status = await StatusAsync(run.Json().GetProperty("execution_id").GetString()!);
        Assert.Equal(3, status.GetProperty("steps")[0].GetProperty("attempts").GetInt32());
    }

    [Fact]
    public async Task Max_attempts_below_what_the_step_needs_still_pauses()
    {
        var run = await Irl("run", "third-time-lucky", "--max-attempts", "2");

        Assert.True(run.ExitCode == ExitCodes.Paused, run.ToString());
    }

    [Fact]
    public async Task On_step_failure_fail_ends_the_execution_completed_failure()
    {
        var run = await Irl("run", "third-time-lucky", "--on-step-failure", "fail");

        Assert.True(run.ExitCode == ExitCodes.Failed, run.ToString());
        Assert.Contains("COMPLETED_FAILURE", run.Out, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Resume_takes_max_attempts_too()
    {
        var run = await Irl("run", "third-time-lucky", "--json");
        var id = run.Json().GetProperty("execution_id").GetString()!;

        var resumed = await Irl("resume", id, "--max-attempts", "2");

        Assert.True(resumed.ExitCode == ExitCodes.Ok, resumed.ToString());
    }

    [Theory]
    [InlineData("--max-attempts", "0", "--max-attempts must be 1 or more, not 0.")]
    [InlineData("--max-recovery-attempts", "-1", "--max-recovery-attempts must be 0 or more, not -1.")]
    [InlineData("--on-step-failure", "retry", "retry")]
    [InlineData("--max-attempts", "many", "many")]
    public async Task A_bad_value_is_refused_with_exit_2_naming_it(string option, string value, string message)
    {
        var run = await Irl("run", "third-time-lucky", option, value);

        Assert.True(run.ExitCode == ExitCodes.Usage, run.ToString());
        Assert.Contains(message, run.Error, StringComparison.Ordinal);
        Assert.False(Directory.Exists(Path.Combine(_root.Path, "execution", "state")) && Directory.EnumerateFiles(Path.Combine(_root.Path, "execution", "state"), "*.history.jsonl").Any());
    }

    [Fact]
    public async Task Resume_with_max_recovery_attempts_0_fails_a_step_whose_process_died_instead_of_running_it_again()
    {
        File.WriteAllText(Path.Combine(_root.Path, "die-once"), "");
        var crashed = await Irlexec.RunProcessAsync("run", "dies-once", "--execution-id", "crash-1", "--root", _root.Path, "--assembly", Assembly);
        Assert.True(crashed.ExitCode == 70, crashed.ToString());

        var refused = await Irl("resume", "crash-1", "--max-recovery-attempts", "0", "--json");

        Assert.True(refused.ExitCode == ExitCodes.Paused, refused.ToString());
        var status = await StatusAsync("crash-1");
        Assert.Contains("1 interrupted attempt, more than MaxRecoveryAttempts = 0", status.GetProperty("status_reason").GetString(), StringComparison.Ordinal);
        Assert.Equal("FAILED", status.GetProperty("steps")[0].GetProperty("status").GetString());

        // A person's resume after the failure has the whole (default) budget again: the step runs and completes.
        var resumed = await Irl("resume", "crash-1");
        Assert.True(resumed.ExitCode == ExitCodes.Ok, resumed.ToString());
    }
}
