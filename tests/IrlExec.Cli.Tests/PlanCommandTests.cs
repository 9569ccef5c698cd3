using IrlExec.Cli.Tests.Support;

namespace IrlExec.Cli.Tests;

/// <summary><c>irlexec plan &lt;workflow&gt;</c>: a workflow's plan without running it, as a Mermaid flowchart or as JSON.</summary>
public sealed class PlanCommandTests
{
    [Fact]
    public async Task Plan_prints_the_mermaid_flowchart_of_the_workflow()
    {
        var result = await Irlexec.RunAsync("plan", "deploy", "--assembly", Samples.Deploy);

        Assert.True(result.ExitCode == ExitCodes.Ok, result.ToString());
        Assert.StartsWith("```mermaid\nflowchart TD\n", result.Out);
        Assert.Contains("    s1[\"1. build\"]\n    s2[\"2. await-approval\"]\n    s3[\"3. release\"]\n", result.Out);
        Assert.Contains("    s1 -.-> s2\n", result.Out);
        Assert.Contains("    s2 -->|approved_by| s3\n", result.Out); // a variable an earlier step publishes
        Assert.Contains("    v_version -->|version| s1\n", result.Out); // a variable given at the start
        Assert.EndsWith("```\n", result.Out);
    }

    [Fact]
    public async Task Plan_highlights_no_step_since_nothing_ran()
    {
        var result = await Irlexec.RunAsync("plan", "deploy", "--assembly", Samples.Deploy);

        Assert.DoesNotContain("    class s", result.Out);
    }

    [Fact]
    public async Task Plan_json_gives_name_version_fingerprint_and_steps()
    {
        var result = await Irlexec.RunAsync("plan", "deploy", "--assembly", Samples.Deploy, "--json");

        Assert.True(result.ExitCode == ExitCodes.Ok, result.ToString());
        var plan = result.Json();
        Assert.Equal("deploy", plan.GetProperty("name").GetString());
        Assert.Equal(1, plan.GetProperty("version").GetInt32());
        Assert.Matches("^[0-9a-f]{16}$", plan.GetProperty("fingerprint").GetString());
        Assert.Equal(["build", "await-approval", "release"], plan.GetProperty("steps").EnumerateArray().Select(s => s.GetProperty("name").GetString()));
        var release = plan.GetProperty("steps")[2];
        Assert.Equal(3, release.GetProperty("order").GetInt32());
        var approvedBy = release.GetProperty("inputs").EnumerateArray().Single(i => i.GetProperty("name").GetString() == "approved_by");
        Assert.Equal("{{approved_by}}", approvedBy.GetProperty("reference").GetString());
        Assert.Equal("string", approvedBy.GetProperty("type").GetString());
    }

    [Fact]
    public async Task Plan_of_an_unknown_workflow_exits_4_and_names_the_ones_there()
    {
        var result = await Irlexec.RunAsync("plan", "nope", "--assembly", Samples.Deploy);

        Assert.Equal(ExitCodes.UnknownId, result.ExitCode);
        Assert.Contains("No workflow 'nope'", result.Error);
        Assert.Contains("deploy", result.Error);
    }

    [Fact]
    public async Task Plan_without_an_assembly_exits_7()
    {
        var result = await Irlexec.RunAsync("plan", "deploy");

        Assert.Equal(ExitCodes.AssemblyProblem, result.ExitCode);
    }

    [Fact]
    public async Task Plan_needs_no_execution_folder()
    {
        using var root = new TempRoot();

        var result = await Irlexec.RunAsync("plan", "deploy", "--assembly", Samples.Deploy, "--root", root.Path);

        Assert.Equal(ExitCodes.Ok, result.ExitCode);
        Assert.False(Directory.Exists(root["execution"]));
    }
}
