using System.Text;
using System.Text.RegularExpressions;
using IrlExec.Cli.Tests.Support;

namespace IrlExec.Cli.Tests;

/// <summary>
/// Every command the product prints for the user to run next (a resume hint of irlexec or of a sample, the variable a
/// pause reason asks for) works when run as printed: read the printed line as a shell would, fill in its
/// &lt;placeholders&gt;, and run it. The root has a space and a quote in its name, which a pasted hint must survive.
/// </summary>
public sealed partial class PrintedCommandTests : IDisposable
{
    private readonly TempRoot _temp = new();

    // Created by the first run: a run creates a missing root.
    private string Root => _temp["my root's copy"];

    public void Dispose() => _temp.Dispose();

    [Fact]
    public async Task The_resume_hint_of_irlexec_run_with_the_variable_the_pause_asks_for_completes_the_deploy()
    {
        var run = await Irlexec.RunAsync("run", "deploy", "--root", Root, "--assembly", Samples.Deploy, "--var", "version=2.0.0", "--var", "environment=prod");
        Assert.True(run.ExitCode == ExitCodes.Paused, run.ToString());

        var resume = await RunIrlexecHintAsync(run.Out, "Continue with: ", new() { ["<name>"] = "samson" });

        Assert.True(resume.ExitCode == ExitCodes.Ok, resume.ToString());
        Assert.Equal("2.0.0 approved by samson\n", File.ReadAllText(Path.Combine(Root, "deploy", "prod.current")));
    }

    [Fact]
    public async Task The_resume_hint_of_irlexec_status_works_once_the_assembly_is_filled_in()
    {
        var run = await Irlexec.RunAsync("run", "deploy", "--root", Root, "--assembly", Samples.Deploy, "--var", "version=2.0.0", "--var", "environment=prod", "--json");
        var id = run.Json().GetProperty("execution_id").GetString()!;
        var status = await Irlexec.RunAsync("status", id, "--root", Root);

        var resume = await RunIrlexecHintAsync(status.Out, "Continue it with: ", new() { ["<workflow assembly>"] = Samples.Deploy, ["<name>"] = "ana" });

        Assert.True(resume.ExitCode == ExitCodes.Ok, resume.ToString());
    }

    [Fact]
    public async Task The_daily_cap_pause_of_incident_approval_run_by_irlexec_resumes_with_the_variable_it_names()
    {
        Directory.CreateDirectory(Root);
        Samples.SeedQuarantine(Root);
        var run = await Irlexec.RunAsync("run", "incident-approval", "--root", Root, "--assembly", Samples.IncidentApproval, "--var", "daily_cap=1", "--var", "integration=finance_integration");
        Assert.True(run.ExitCode == ExitCodes.Paused, run.ToString());

        var resume = await RunIrlexecHintAsync(run.Out, "Continue with: ", new() { ["<higher cap>"] = "10" }, otherwise: ["--var", "daily_cap=<higher cap>"]);

        Assert.True(resume.ExitCode == ExitCodes.Ok, resume.ToString());
        Assert.Contains("COMPLETED_SUCCESS", resume.Out);
    }

    [Fact]
    public async Task The_incident_approval_sample_resumes_with_its_printed_command_and_with_the_variable_its_pause_names()
    {
        var run = await Irlexec.RunDllAsync(Paths.SampleDll("IncidentApproval"), "--root", Root, "--daily-cap", "1");
        Assert.True(run.ExitCode == 6, run.ToString());

        var resumed = await RunSampleHintAsync("IncidentApproval", run.Out, "resume with:", new() { ["<N>"] = "2" });
        Assert.True(resumed.ExitCode == 6, resumed.ToString()); // a cap of 2: paused again, one more approved
        Assert.Contains("status:          PAUSED (daily auto-approval cap of 2 reached", resumed.Out);

        // A variable the pause reason names, given to the sample's resume as it is spelt there, is understood too.
        var id = Regex.Match(run.Out, @"execution:\s+(\S+)").Groups[1].Value;
        var variable = TryPauseVariable(run.Out) ?? ["--var", "daily_cap=<N>"];
        var finished = await Irlexec.RunDllAsync(Paths.SampleDll("IncidentApproval"), ["resume", id, "--root", Root, .. Fill(variable, new() { ["<higher cap>"] = "10", ["<N>"] = "10" })]);
        Assert.True(finished.ExitCode == 0, finished.ToString());
    }

    [Fact]
    public async Task The_incident_approval_sample_finishes_with_its_printed_signal_and_resume_commands()
    {
        var run = await Irlexec.RunDllAsync(Paths.SampleDll("IncidentApproval"), "--root", Root, "--daily-cap", "1");
        Assert.True(run.ExitCode == 6, run.ToString());

        var signal = await RunIrlexecHintAsync(run.Out, "or approve:", new() { ["<you>"] = "human:ana" });
        Assert.True(signal.ExitCode == ExitCodes.Ok, signal.ToString());
        var resumed = await RunSampleHintAsync("IncidentApproval", run.Out, "and then:", []);

        Assert.True(resumed.ExitCode == 0, resumed.ToString());
        Assert.Contains("approved by human:ana", File.ReadAllText(Directory.EnumerateFiles(Path.Combine(Root, "execution", "logs"), "agent-approvals-*.log").Single()));
    }

    [Fact]
    public async Task The_deploy_sample_resumes_with_its_printed_command()
    {
        var run = await Irlexec.RunDllAsync(Paths.SampleDll("Deploy"), "run", "--root", Root, "--release-version", "1.2.3", "--environment", "qa");
        Assert.True(run.ExitCode == 6, run.ToString());
        Assert.Equal(["--var", "approved_by=<name>"], PauseVariable(run.Out));

        var resumed = await RunSampleHintAsync("Deploy", run.Out, "resume with:", new() { ["<name>"] = "lee" });

        Assert.True(resumed.ExitCode == 0, resumed.ToString());
        Assert.Equal("1.2.3 approved by lee\n", File.ReadAllText(Path.Combine(Root, "deploy", "qa.current")));
    }

    // The printed "irlexec ..." command after marker, run in-process; its [--var name=value] is the variable the pause
    // reason names (as a user reads it), every <placeholder> filled in.
    private static async Task<CliResult> RunIrlexecHintAsync(string output, string marker, Dictionary<string, string> values, string[]? otherwise = null)
    {
        var words = Words(Line(output, marker));
        Assert.Equal("irlexec", words[0]);
        var filled = new List<string>();
        foreach (var word in words.Skip(1))
        {
            if (word == "[--var name=value]") filled.AddRange(Fill(TryPauseVariable(output) ?? otherwise ?? PauseVariable(output), values));
            else filled.Add(Fill(word, values));
        }
        return await Irlexec.RunAsync([.. filled]);
    }

    // The sample's printed "dotnet run --project samples/X -- ..." command, run as the built sample (the same program).
    private static async Task<CliResult> RunSampleHintAsync(string sample, string output, string marker, Dictionary<string, string> values)
    {
        var words = Words(Line(output, marker));
        string[] prefix = ["dotnet", "run", "--project", "samples/" + sample, "--"];
        Assert.Equal(prefix, words.Take(prefix.Length));
        Assert.True(Directory.Exists(Path.Combine(Paths.RepositoryRoot, "samples", sample)));
        return await Irlexec.RunDllAsync(Paths.SampleDll(sample), [.. Fill(words.Skip(prefix.Length), values)]);
    }

    // The "--var name=<value>" a pause reason asks for.
    private static string[] PauseVariable(string output)
    {
        var variable = TryPauseVariable(output);
        Assert.True(variable is not null, "no --var in the pause reason:\n" + output);
        return variable;
    }

    private static string[]? TryPauseVariable(string output) =>
        PauseVariablePattern().Match(output) is { Success: true } match ? ["--var", match.Groups[1].Value] : null;

    private static IEnumerable<string> Fill(IEnumerable<string> words, Dictionary<string, string> values) => words.Select(w => Fill(w, values));

    private static string Fill(string word, Dictionary<string, string> values)
    {
        foreach (var (placeholder, value) in values) word = word.Replace(placeholder, value, StringComparison.Ordinal);
        Assert.DoesNotMatch("<[^>]+>", word);
        return word;
    }

    private static string Line(string output, string marker)
    {
        var line = output.Split('\n').FirstOrDefault(l => l.Contains(marker, StringComparison.Ordinal));
        Assert.True(line is not null, $"no '{marker}' line in:\n{output}");
        return line[(line.IndexOf(marker, StringComparison.Ordinal) + marker.Length)..].Trim();
    }

    // Splits a printed command as a POSIX shell would: single quotes (with '\'' for a quote), plus a <placeholder> and an
    // [optional part] each kept as one word, as a reader takes them.
    private static List<string> Words(string line)
    {
        var words = new List<string>();
        var word = new StringBuilder();
        var inWord = false;
        for (var i = 0; i < line.Length; i++)
        {
            var c = line[i];
            if (c == '\'')
            {
                var end = line.IndexOf('\'', i + 1);
                Assert.True(end > i, "unterminated quote in: " + line);
                word.Append(line, i + 1, end - i - 1);
                i = end;
                inWord = true;
            }
            else if (c == '\\' && i + 1 < line.Length)
            {
                word.Append(line[++i]);
                inWord = true;
            }
            else if (c is '<' or '[')
            {
                var end = line.IndexOf(c == '<' ? '>' : ']', i + 1);
                word.Append(line, i, end - i + 1);
                i = end;
                inWord = true;
            }
            else if (char.IsWhiteSpace(c))
            {
                if (inWord) words.Add(word.ToString());
                word.Clear();
                inWord = false;
            }
            else
            {
                Assert.DoesNotContain(c, "\"$`*?;&|()");
                word.Append(c);
                inWord = true;
            }
        }
        if (inWord) words.Add(word.ToString());
        return words;
    }

    [GeneratedRegex(@"resume with (?:a .*?)?--var (\w+=<[^>]+>)")]
    private static partial Regex PauseVariablePattern();
}
