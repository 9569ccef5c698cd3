using System.Text.Json;
using IrlExec.Cli.Tests.Support;

namespace IrlExec.Cli.Tests;

/// <summary>The incident-approval sample on the example incidents it ships (3 renames, 1 type mismatch, 2 others).</summary>
public sealed class IncidentApprovalSampleTests : IDisposable
{
    private readonly TempRoot _root = new();

    public IncidentApprovalSampleTests() => Samples.SeedQuarantine(_root);

    public void Dispose() => _root.Dispose();

    private Task<CliResult> Run(string command, params string[] more) =>
        Irlexec.RunAsync([command, "incident-approval", "--root", _root.Path, "--assembly", Samples.IncidentApproval, "--var", "integration=finance_integration", "--json", .. more]);

    private string Quarantine => _root["quarantine/finance_integration"];

    private JsonElement Summary() =>
        JsonDocument.Parse(File.ReadAllBytes(Directory.GetFiles(_root.Layout.ResultsDirectory, "incident-approvals-*.json").Single())).RootElement;

    [Fact]
    public async Task Shipped_incidents_end_as_3_approved_2_rejected_1_flagged()
    {
        var result = await Run("run");

        Assert.True(result.ExitCode == ExitCodes.Ok, result.ToString());
        var summary = Summary();
        Assert.Equal(3, summary.GetProperty("approved").GetInt32());
        Assert.Equal(2, summary.GetProperty("rejected").GetInt32());
        Assert.Equal(1, summary.GetProperty("flagged").GetInt32());
        Assert.Matches(@"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$", summary.GetProperty("timestamp").GetString());
    }

    [Fact]
    public async Task Each_incident_is_marked_with_its_decision()
    {
        await Run("run");

        var marks = Directory.GetDirectories(Quarantine).ToDictionary(
            d => Path.GetFileName(d)!,
            d => JsonDocument.Parse(File.ReadAllBytes(Path.Combine(d, "decision.json"))).RootElement.GetProperty("status").GetString());
        Assert.Equal("APPROVED", marks["2026-01-01T17-28-20-262Z_228986"]);
        Assert.Equal("APPROVED", marks["2026-01-02T09-14-03-118Z_311002"]);
        Assert.Equal("APPROVED", marks["2026-01-03T11-40-51-907Z_402117"]);
        Assert.Equal("FLAGGED", marks["2026-01-04T08-02-37-554Z_517340"]);
        Assert.Equal("REJECTED", marks["2026-01-05T16-55-12-031Z_604981"]);
        Assert.Equal("REJECTED", marks["2026-01-06T13-21-44-688Z_719255"]);
    }

    [Fact]
    public async Task Approved_rename_is_released_with_the_baseline_field_name()
    {
        await Run("run");

        var healed = JsonDocument.Parse(File.ReadAllBytes(_root["released/finance_integration/2026-01-01T17-28-20-262Z_228986/payload.json"])).RootElement;
        var customer = healed.GetProperty("customer");
        Assert.Equal("billing@acme.example", customer.GetProperty("email").GetString());
        Assert.False(customer.TryGetProperty("email_address", out _));
        Assert.Equal(3, Directory.GetDirectories(_root["released/finance_integration"]).Length);
    }

    [Fact]
    public async Task Every_approval_is_in_the_audit_log_in_the_seed_log_format()
    {
        await Run("run");

        var audit = Directory.GetFiles(_root.Layout.LogsDirectory, "agent-approvals-*.log").Single();
        var lines = LogLineReader.ReadFile(audit);
        Assert.Equal(3, lines.Count);
        Assert.All(lines, l => Assert.StartsWith("agent-auto-approver approved ", l.Message));
    }

    [Fact]
    public async Task Daily_cap_pauses_for_a_human_and_resume_with_a_higher_cap_finishes()
    {
        var first = await Run("run", "--var", "daily_cap=2");

        Assert.Equal(ExitCodes.Paused, first.ExitCode);
        Assert.Contains("daily auto-approval cap of 2 reached", first.Json().GetProperty("reason").GetString());
        Assert.Equal(2, Directory.GetDirectories(_root["released/finance_integration"]).Length);

        var id = first.Json().GetProperty("execution_id").GetString()!;
        var resumed = await Irlexec.RunAsync("resume", id, "--root", _root.Path, "--assembly", Samples.IncidentApproval, "--var", "daily_cap=10");

        Assert.True(resumed.ExitCode == ExitCodes.Ok, resumed.ToString());
        Assert.Equal(3, Summary().GetProperty("approved").GetInt32());
        Assert.Equal(3, Directory.GetDirectories(_root["released/finance_integration"]).Length);
    }

    [Fact]
    public async Task Daily_cap_waits_for_the_approval_signal_and_a_resume_after_it_approves_the_rest()
    {
        var first = await Run("run", "--var", "daily_cap=2");
        var id = first.Json().GetProperty("execution_id").GetString()!;

        var signal = await Irlexec.RunAsync("signal", id, "approval", "--value", "{\"approved_by\": \"human:samson\"}", "--root", _root.Path);
        var resumed = await Irlexec.RunAsync("resume", id, "--root", _root.Path, "--assembly", Samples.IncidentApproval);

        Assert.Equal(ExitCodes.Paused, first.ExitCode);
        Assert.True(signal.ExitCode == ExitCodes.Ok, signal.ToString());
        Assert.True(resumed.ExitCode == ExitCodes.Ok, resumed.ToString());
        Assert.Equal(3, Summary().GetProperty("approved").GetInt32());
        var audit = LogLineReader.ReadFile(Directory.GetFiles(_root.Layout.LogsDirectory, "agent-approvals-*.log").Single());
        Assert.Equal(1, audit.Count(l => l.Message.EndsWith("over the daily cap, approved by human:samson)", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task Simulation_shows_the_counts_but_moves_no_file()
    {
        var before = Directory.GetFiles(_root["quarantine"], "*", SearchOption.AllDirectories).Order().Select(f => (f, File.ReadAllText(f))).ToList();

        var result = await Run("simulate");

        Assert.Equal(ExitCodes.Ok, result.ExitCode);
        var after = Directory.GetFiles(_root["quarantine"], "*", SearchOption.AllDirectories).Order().Select(f => (f, File.ReadAllText(f))).ToList();
        Assert.Equal(before, after);
        Assert.False(Directory.Exists(_root["released"]));
        Assert.Empty(Directory.GetFiles(_root.Layout.ResultsDirectory, "incident-approvals-*.json"));
        var state = await Irlexec.RunAsync("status", result.Json().GetProperty("execution_id").GetString()!, "--root", _root.Path, "--json");
        var variables = state.Json().GetProperty("variables").EnumerateArray().ToDictionary(v => v.GetProperty("name").GetString()!, v => v.GetProperty("value").GetString());
        Assert.Equal(("3", "2", "1"), (variables["approved"], variables["rejected"], variables["flagged"]));
    }

    [Fact]
    public async Task The_manifest_shows_the_quarantine_snapshot_after_a_pause_and_refreshes_it_after_the_resume()
    {
        var first = await Run("run", "--var", "daily_cap=2");
        var paused = SnapshotBlock();
        var id = first.Json().GetProperty("execution_id").GetString()!;
        var resumed = await Irlexec.RunAsync("resume", id, "--root", _root.Path, "--assembly", Samples.IncidentApproval, "--var", "daily_cap=10");
        var done = SnapshotBlock();

        Assert.Equal(ExitCodes.Paused, first.ExitCode);
        Assert.True(resumed.ExitCode == ExitCodes.Ok, resumed.ToString());
        // Paused at the cap after 2 approvals: 4 of the 6 example incidents wait.
        Assert.Contains("#### Quarantine Status\n\n- **Total incidents:** 4\n- **Oldest incident:** 2026-01-03T11-40-51-907Z_402117 (finance_integration)\n- **Top integration:** finance_integration (4 incidents)\n", paused, StringComparison.Ordinal);
        Assert.Contains("#### Auto-Approval Metrics\n\n- **24h approval rate:** 100% (2 of 2 decided)\n", paused, StringComparison.Ordinal);
        Assert.DoesNotContain("#### Executions", paused, StringComparison.Ordinal);
        // Resumed to the end: every incident decided, 3 of the 6 approved, one finished execution.
        Assert.Contains("- **Total incidents:** 0\n- **Oldest incident:** none\n- **Top integration:** none\n", done, StringComparison.Ordinal);
        Assert.Contains("- **24h approval rate:** 50% (3 of 6 decided)\n", done, StringComparison.Ordinal);
        Assert.Contains("| incident-approval | 1 | 0 | 100% (1 of 1) |", done, StringComparison.Ordinal);
        Assert.True((await Irlexec.RunAsync("validate", "--root", _root.Path)).ExitCode == ExitCodes.Ok);
    }

    private string SnapshotBlock()
    {
        var readme = File.ReadAllText(_root.Layout.ManifestFile);
        var begin = readme.IndexOf("<!-- irlexec:snapshot:begin", StringComparison.Ordinal);
        var end = readme.IndexOf("<!-- irlexec:snapshot:end", StringComparison.Ordinal);
        Assert.True(begin >= 0 && end > begin, readme);
        return readme[begin..end];
    }
}
