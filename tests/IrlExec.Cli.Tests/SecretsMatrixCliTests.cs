using IrlExec.Cli.Tests.Support;
using IrlExec.Cli.Tests.Workflows;
using IrlExec.Tests.Support;

namespace IrlExec.Cli.Tests;

/// <summary>
/// The secrets matrix through irlexec: for each shape of secret, a workflow that passes it on through every StepContext
/// member is run (the secret from an environment variable), resumed (the secret from standard input; once without it),
/// inspected with every reading command, exported, archived and backed up. The secret must be in no file, no archive
/// entry and no line irlexec printed, in any spelling (<see cref="SecretScan"/>).
/// </summary>
public sealed class SecretsMatrixCliTests : IDisposable
{
    private static readonly string Assembly = typeof(SecretMatrixWorkflow).Assembly.Location;
    private readonly TempRoot _root = new();
    private readonly string _environmentVariable = "IRLEXEC_TEST_SECRET_" + Guid.NewGuid().ToString("N")[..8].ToUpperInvariant();

    public void Dispose()
    {
        Environment.SetEnvironmentVariable(_environmentVariable, null);
        Environment.SetEnvironmentVariable(_environmentVariable + "_TOKEN", null);
        _root.Dispose();
    }

    public static TheoryData<string> Shapes() => ["plain", "json-special", "unicode", "short", "numeric"];

    private static readonly Dictionary<string, string> Secrets = new()
    {
        ["plain"] = "hunter2-plain-Secret",
        ["json-special"] = "p&ss<w>\"rd'+é-42",
        ["unicode"] = "пароль-秘密-🔑-Ωmega",
        ["short"] = "Zq&7",
        ["numeric"] = "90817263",
    };

    [Theory]
    [MemberData(nameof(Shapes))]
    public async Task A_secret_reaches_no_file_and_no_output_of_irlexec(string shape)
    {
        var secret = Secrets[shape];
        var token = "token-" + string.Concat(secret.EnumerateRunes().Reverse()); // what step 1 issues: a secret output the resume needs again
        Environment.SetEnvironmentVariable(_environmentVariable, secret);
        Environment.SetEnvironmentVariable(_environmentVariable + "_TOKEN", token);
        var root = _root.Path;
        var printed = new List<(string Command, CliResult Result)>();
        async Task<CliResult> Irl(string command, params string[] args)
        {
            var result = await Irlexec.RunAsync([.. args, "--root", root]);
            printed.Add((command, result));
            return result;
        }

        var run = await Irl("run", "run", "secret-matrix", "--assembly", Assembly, "--var-env", "api_key=" + _environmentVariable, "--var", "label=team " + secret, "--json");
        Assert.True(run.ExitCode == ExitCodes.Paused, run.ToString());
        var id = run.Json().GetProperty("execution_id").GetString()!;
        var refused = await Irl("resume without the secret", "resume", id, "--assembly", Assembly, "--var", "approved_by=ops");
        Assert.True(refused.ExitCode == ExitCodes.Usage, refused.ToString());
        var resumed = await Irlexec.RunWithInputAsync(secret + "\n", "resume", id, "--root", root, "--assembly", Assembly, "--var-file", "api_key=-", "--var-env", "token=" + _environmentVariable + "_TOKEN", "--var", "approved_by=ops");
        printed.Add(("resume", resumed));
        Assert.True(resumed.ExitCode == ExitCodes.Failed, resumed.ToString());

        await Irl("status", "status", id);
        await Irl("status --json", "status", id, "--json");
        await Irl("list", "list");
        await Irl("list --json", "list", "--json");
        await Irl("logs", "logs");
        await Irl("logs --json", "logs", "--json");
        await Irl("validate", "validate");
        await Irl("export-training", "export-training");
        await Irl("export-training --output", "export-training", "--output", Path.Combine(root, "training.jsonl"));
        await Irl("manifest refresh", "manifest", "refresh");
        await Irl("plan", "plan", "secret-matrix", "--assembly", Assembly);
        await Irl("backup", "backup", "--output", Path.Combine(root, "backup.tar.gz"));
        await Irl("archive", "archive", "--older-than", "0");

        var found = new List<string>();
        foreach (var hidden in new[] { secret, token })
        {
            found.AddRange(SecretScan.InFiles(hidden, root));
            foreach (var (command, result) in printed)
            {
                found.AddRange(SecretScan.InText(hidden, $"irlexec {command}: stdout", result.Out));
                found.AddRange(SecretScan.InText(hidden, $"irlexec {command}: stderr", result.Error));
            }
        }
        Assert.True(found.Count == 0, string.Join("\n", found));
        Assert.True(Directory.EnumerateFiles(_root.Layout.ExecutionDirectory, "*.gz", SearchOption.AllDirectories).Any(), "archive archived no log");
    }
}
