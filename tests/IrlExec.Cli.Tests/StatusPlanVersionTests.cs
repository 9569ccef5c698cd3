using IrlExec.Cli.Tests.Support;

namespace IrlExec.Cli.Tests;

/// <summary>
/// <c>status</c> shows which definition an execution runs with (plan fingerprint and version) and the changes of
/// definition it accepted on resume (its plan migrations).
/// </summary>
public sealed class StatusPlanVersionTests
{
    [Fact]
    public async Task Status_shows_the_recorded_plan_fingerprint_and_version()
    {
        using var root = new TempRoot();
        var id = await VersionedWorkflows.StartPausedAsync(root);

        var result = await Irlexec.RunAsync("status", id, "--root", root.Path);

        Assert.True(result.ExitCode == ExitCodes.Ok, result.ToString());
        Assert.Matches(@"(?m)^plan_version:\s+1$", result.Out);
        Assert.Matches($@"(?m)^plan_fingerprint:\s+{VersionedWorkflows.V1Fingerprint}$", result.Out);
        Assert.DoesNotContain("Plan migrations", result.Out);
    }

    [Fact]
    public async Task Status_json_has_the_generated_fingerprint_of_a_sample_run()
    {
        using var root = new TempRoot();
        var id = await Samples.StartPausedDeployAsync(root);
        var plan = (await Irlexec.RunAsync("plan", "deploy", "--assembly", Samples.Deploy, "--json")).Json();

        var status = (await Irlexec.RunAsync("status", id, "--root", root.Path, "--json")).Json();

        Assert.Matches("^[0-9a-f]{16}$", status.GetProperty("plan_fingerprint").GetString());
        Assert.Equal(plan.GetProperty("fingerprint").GetString(), status.GetProperty("plan_fingerprint").GetString());
        Assert.Equal(1, status.GetProperty("plan_version").GetInt32());
        Assert.Equal(0, status.GetProperty("plan_migrations").GetArrayLength());
    }

    [Fact]
    public async Task Status_lists_a_plan_migration_recorded_on_resume()
    {
        using var root = new TempRoot();
        var id = await VersionedWorkflows.StartPausedAsync(root);
        await VersionedWorkflows.ResumeWithArchiveAsync(root, id);

        var result = await Irlexec.RunAsync("status", id, "--root", root.Path);

        Assert.True(result.ExitCode == ExitCodes.Ok, result.ToString());
        Assert.Matches($@"(?m)^plan_fingerprint:\s+{VersionedWorkflows.WithArchiveFingerprint}$", result.Out);
        Assert.Contains("Plan migrations", result.Out);
        Assert.Matches($@"compatible\s+v1 {VersionedWorkflows.V1Fingerprint}\s+v1 {VersionedWorkflows.WithArchiveFingerprint}\s+step 3 'archive' added\n", result.Out);
    }

    [Fact]
    public async Task Status_json_gives_each_plan_migration_with_both_fingerprints()
    {
        using var root = new TempRoot();
        var id = await VersionedWorkflows.StartPausedAsync(root);
        await VersionedWorkflows.ResumeWithArchiveAsync(root, id);

        var status = (await Irlexec.RunAsync("status", id, "--root", root.Path, "--json")).Json();

        Assert.Equal(VersionedWorkflows.WithArchiveFingerprint, status.GetProperty("plan_fingerprint").GetString());
        var migration = Assert.Single(status.GetProperty("plan_migrations").EnumerateArray());
        Assert.Equal(VersionedWorkflows.V1Fingerprint, migration.GetProperty("from_fingerprint").GetString());
        Assert.Equal(VersionedWorkflows.WithArchiveFingerprint, migration.GetProperty("to_fingerprint").GetString());
        Assert.Equal(1, migration.GetProperty("from_version").GetInt32());
        Assert.Equal(1, migration.GetProperty("to_version").GetInt32());
        Assert.False(migration.GetProperty("explicit").GetBoolean());
        Assert.Equal(["step 3 'archive' added"], migration.GetProperty("changes").EnumerateArray().Select(c => c.GetString()));
    }
}
