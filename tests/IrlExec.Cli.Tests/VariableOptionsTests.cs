using IrlExec.Cli.Tests.Support;
using IrlExec.Cli.Tests.Workflows;

namespace IrlExec.Cli.Tests;

/// <summary>
/// Where run and resume take variables from: --var (checked against the names the workflow knows), --var-env and
/// --var-file (secrets that stay out of ps and the shell history), and what a resume must be given again.
/// </summary>
public sealed class VariableOptionsTests : IDisposable
{
    private const string Secret = "s3cr3t-from-elsewhere";
    private static readonly string Matrix = typeof(SecretMatrixWorkflow).Assembly.Location;
    private readonly TempRoot _root = new();
    private readonly string _environmentVariable = "IRLEXEC_TEST_VAR_" + Guid.NewGuid().ToString("N")[..8].ToUpperInvariant();

    public void Dispose()
    {
        Environment.SetEnvironmentVariable(_environmentVariable, null);
        Environment.SetEnvironmentVariable(_environmentVariable + "_LABEL", null);
        _root.Dispose();
    }

    private Task<CliResult> RunDeploy(params string[] extra) =>
        Irlexec.RunAsync(["run", "deploy", "--root", _root.Path, "--assembly", Samples.Deploy, "--var", "version=2.0.0", "--json", .. extra]);

    private string Label(string id) =>
        System.Text.Json.JsonSerializer.Deserialize<string>(ExecutionStateFiles.Read(_root.Layout, id)!.Variables.Single(v => v.Name == "label").Json)!;

    [Fact]
    public async Task An_unknown_variable_is_refused_with_exit_2_and_the_closest_known_name()
    {
        var result = await RunDeploy("--var", "enviroment=prod");

        Assert.Equal(ExitCodes.Usage, result.ExitCode);
        Assert.Contains("workflow 'deploy' has no variable 'enviroment'; did you mean 'environment'?", result.Error, StringComparison.Ordinal);
        Assert.Contains("--allow-extra-vars", result.Error, StringComparison.Ordinal);
        Assert.False(Directory.Exists(_root.Layout.StateDirectory) && Directory.EnumerateFiles(_root.Layout.StateDirectory).Any(), "nothing may start");
    }

    [Fact]
    public async Task An_unknown_variable_is_accepted_with_allow_extra_vars()
    {
        var result = await RunDeploy("--var", "environment=prod", "--var", "ticket=OPS-12", "--allow-extra-vars");

        Assert.Equal(ExitCodes.Paused, result.ExitCode);
    }

    [Fact]
    public async Task A_name_read_by_a_step_input_or_published_by_a_step_is_known()
    {
        // approved_by is no [Variable] of deploy: a step publishes it, and the next reads it.
        var id = await Samples.StartPausedDeployAsync(_root);

        var result = await Irlexec.RunAsync("resume", id, "--root", _root.Path, "--assembly", Samples.Deploy, "--var", "approved_by=ops");

        Assert.Equal(ExitCodes.Ok, result.ExitCode);
    }

    [Fact]
    public async Task A_variable_given_twice_is_refused()
    {
        Environment.SetEnvironmentVariable(_environmentVariable, "qa");

        var result = await RunDeploy("--var", "environment=prod", "--var-env", "environment=" + _environmentVariable);

        Assert.Equal(ExitCodes.Usage, result.ExitCode);
        Assert.Contains("'environment' is given more than once (--var, --var-env)", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_value_comes_from_an_environment_variable_with_var_env()
    {
        Environment.SetEnvironmentVariable(_environmentVariable, Secret);
        Environment.SetEnvironmentVariable(_environmentVariable + "_LABEL", "team " + Secret);

        var result = await Irlexec.RunAsync("run", "secret-matrix", "--root", _root.Path, "--assembly", Matrix, "--var-env", "api_key=" + _environmentVariable, "--var-env", "label=" + _environmentVariable + "_LABEL", "--json");

        Assert.True(result.ExitCode == ExitCodes.Paused, result.ToString());
        Assert.Equal("team ***", Label(result.Json().GetProperty("execution_id").GetString()!));
    }

    [Fact]
    public async Task An_environment_variable_that_is_not_set_is_refused_naming_it()
    {
        var result = await Irlexec.RunAsync("run", "secret-matrix", "--root", _root.Path, "--assembly", Matrix, "--var-env", "api_key=" + _environmentVariable, "--var", "label=x");

        Assert.Equal(ExitCodes.Usage, result.ExitCode);
        Assert.Contains($"the environment variable '{_environmentVariable}' is not set", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_value_comes_from_a_file_without_its_final_line_break_with_var_file()
    {
        var file = Path.Combine(_root.Path, "label.txt");
        File.WriteAllText(file, "from a file\n");

        var result = await Irlexec.RunWithInputAsync(Secret + "\r\n", "run", "secret-matrix", "--root", _root.Path, "--assembly", Matrix, "--var-file", "api_key=-", "--var-file", "label=" + file, "--json");

        Assert.True(result.ExitCode == ExitCodes.Paused, result.ToString());
        Assert.Equal("from a file", Label(result.Json().GetProperty("execution_id").GetString()!));
    }

    [Fact]
    public async Task A_missing_file_is_refused_naming_it()
    {
        var missing = Path.Combine(_root.Path, "nope.txt");

        var result = await Irlexec.RunAsync("run", "secret-matrix", "--root", _root.Path, "--assembly", Matrix, "--var-file", "api_key=" + missing, "--var", "label=x");

        Assert.Equal(ExitCodes.Usage, result.ExitCode);
        Assert.Contains($"--var-file api_key={missing}: the file cannot be read", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_secret_given_with_var_works_but_warns_that_ps_and_the_history_show_it()
    {
        var result = await Irlexec.RunAsync("run", "secret-matrix", "--root", _root.Path, "--assembly", Matrix, "--var", "api_key=" + Secret, "--var", "label=x");

        Assert.Equal(ExitCodes.Paused, result.ExitCode);
        Assert.Contains("warning: --var api_key: 'api_key' is a secret", result.Error, StringComparison.Ordinal);
        Assert.Contains("--var-env api_key=ENV_VAR", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_secret_too_short_to_mask_is_refused_with_exit_2_without_showing_it()
    {
        Environment.SetEnvironmentVariable(_environmentVariable, "x9!");

        var result = await Irlexec.RunAsync("run", "secret-matrix", "--root", _root.Path, "--assembly", Matrix, "--var-env", "api_key=" + _environmentVariable, "--var", "label=x");

        Assert.Equal(ExitCodes.Usage, result.ExitCode);
        Assert.Contains("--var-env api_key: The secret 'api_key' is 3 characters long", result.Error, StringComparison.Ordinal);
        Assert.DoesNotContain("x9!", result.Error + result.Out, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_malformed_var_is_refused_without_showing_it()
    {
        var result = await RunDeploy("--var", "environment=prod", "--var", Secret);

        Assert.Equal(ExitCodes.Usage, result.ExitCode);
        Assert.DoesNotContain(Secret, result.Error + result.Out, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_resume_without_the_secrets_the_remaining_steps_read_exits_2_listing_them_and_changes_nothing()
    {
        Environment.SetEnvironmentVariable(_environmentVariable, Secret);
        var run = await Irlexec.RunAsync("run", "secret-matrix", "--root", _root.Path, "--assembly", Matrix, "--var-env", "api_key=" + _environmentVariable, "--var", "label=x", "--json");
        var id = run.Json().GetProperty("execution_id").GetString()!;
        var history = File.ReadAllText(_root.Layout.HistoryFile(id));

        var result = await Irlexec.RunAsync("resume", id, "--root", _root.Path, "--assembly", Matrix, "--var", "approved_by=ops");

        Assert.Equal(ExitCodes.Usage, result.ExitCode);
        Assert.Contains("cannot be resumed without the secrets 'api_key' (step 3), 'token' (step 3)", result.Error, StringComparison.Ordinal);
        Assert.Contains("--var-env name=ENV_VAR", result.Error, StringComparison.Ordinal);
        Assert.Equal(history, File.ReadAllText(_root.Layout.HistoryFile(id)));
    }

    [Fact]
    public async Task A_real_irlexec_process_takes_secrets_from_standard_input_and_the_environment_and_not_its_arguments()
    {
        var arguments = new[] { "run", "secret-matrix", "--root", _root.Path, "--assembly", Matrix, "--var-file", "api_key=-", "--var-env", "label=" + _environmentVariable, "--json" };

        var result = await Irlexec.RunProcessAsync(Secret + "\n", new Dictionary<string, string> { [_environmentVariable] = "label " + Secret }, arguments);

        Assert.True(result.ExitCode == ExitCodes.Paused, result.ToString());
        var state = ExecutionStateFiles.Read(_root.Layout, result.Json().GetProperty("execution_id").GetString()!)!;
        // The label is masked where it holds the secret: the secret read from standard input is known as one.
        Assert.Equal("label ***", Label(state.ExecutionId));
        Assert.True(state.Variables.Single(v => v.Name == "api_key").IsSecret);
    }
}
