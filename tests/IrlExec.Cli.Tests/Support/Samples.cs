namespace IrlExec.Cli.Tests.Support;

/// <summary>Runs the samples through irlexec, the way a user points it at a built workflow assembly.</summary>
internal static class Samples
{
    public static string Deploy => Paths.SampleDll("Deploy");

    public static string IncidentApproval => Paths.SampleDll("IncidentApproval");

    /// <summary>Starts a deploy; it pauses at the approval step. Returns the execution id.</summary>
    public static async Task<string> StartPausedDeployAsync(TempRoot root, string version = "1.4.2")
    {
        var result = await Irlexec.RunAsync("run", "deploy", "--root", root.Path, "--assembly", Deploy, "--var", "version=" + version, "--var", "environment=staging", "--json");
        Assert.True(result.ExitCode == ExitCodes.Paused, result.ToString());
        return result.Json().GetProperty("execution_id").GetString()!;
    }

    /// <summary>A deploy run to the end (paused, then approved). Returns the execution id.</summary>
    public static async Task<string> CompletedDeployAsync(TempRoot root)
    {
        var id = await StartPausedDeployAsync(root);
        var resumed = await Irlexec.RunAsync("resume", id, "--root", root.Path, "--assembly", Deploy, "--var", "approved_by=samson");
        Assert.True(resumed.ExitCode == ExitCodes.Ok, resumed.ToString());
        return id;
    }

    /// <summary>Copies the example incidents the incident-approval sample ships to &lt;root&gt;/quarantine/.</summary>
    public static void SeedQuarantine(TempRoot root) => SeedQuarantine(root.Path);

    /// <summary>Copies the example incidents the incident-approval sample ships to &lt;root&gt;/quarantine/.</summary>
    public static void SeedQuarantine(string root)
    {
        var source = Path.Combine(Paths.SampleFolder("IncidentApproval"), "incidents");
        foreach (var file in Directory.EnumerateFiles(source, "*", SearchOption.AllDirectories))
        {
            var target = Path.Combine(root, "quarantine", Path.GetRelativePath(source, file));
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(file, target);
        }
    }
}
