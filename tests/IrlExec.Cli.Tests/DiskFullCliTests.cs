using IrlExec.Cli.Tests.Support;
using IrlExec.Tests.Support;

namespace IrlExec.Cli.Tests;

/// <summary>irlexec on a root whose disk is full, for real (a small tmpfs): exit 8 with the file named, then a resume once space is freed.</summary>
public sealed class DiskFullCliTests : IDisposable
{
    private readonly SmallDisk _disk = new();

    public void Dispose() => _disk.Dispose();

    [SkippableFact]
    public async Task A_full_disk_exits_8_naming_the_file_and_the_execution_resumes_once_space_is_freed()
    {
        _disk.SkipUnlessAvailable();
        var root = Path.Combine(_disk.Path, "root");
        Directory.CreateDirectory(Path.Combine(root, "execution"));
        var started = await Irlexec.RunAsync("run", "deploy", "--root", root, "--assembly", Samples.Deploy, "--var", "version=1.4.2", "--var", "environment=staging", "--json");
        Assert.True(started.ExitCode == ExitCodes.Paused, started.ToString());
        var id = started.Json().GetProperty("execution_id").GetString()!;
        _disk.Fill();

        var full = await Irlexec.RunAsync("resume", id, "--root", root, "--assembly", Samples.Deploy, "--var", "approved_by=samson");

        Assert.True(full.ExitCode == ExitCodes.DiskFull, full.ToString());
        Assert.Contains("no space left on the disk", full.Error, StringComparison.Ordinal);
        Assert.Contains(root, full.Error, StringComparison.Ordinal);
        _disk.Free();
        var listed = await Irlexec.RunAsync("list", "--root", root);
        Assert.True(listed.ExitCode == ExitCodes.Ok, listed.ToString());
        var resumed = await Irlexec.RunAsync("resume", id, "--root", root, "--assembly", Samples.Deploy, "--var", "approved_by=samson");
        Assert.True(resumed.ExitCode == ExitCodes.Ok, resumed.ToString());
    }
}
