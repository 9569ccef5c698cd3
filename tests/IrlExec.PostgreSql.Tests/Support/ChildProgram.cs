using System.Diagnostics;

namespace IrlExec.Tests.Support;

/// <summary>
/// A test project's helper program run as a real child process (the fleet's workers, a crashing host): where its dll
/// was built, a graceful stop, and a kill of whatever is left. Linked into each test project that starts one.
/// </summary>
internal static class ChildProgram
{
    /// <summary>The dll of <c>tests/&lt;project&gt;</c>, built in the same configuration and framework as the caller.</summary>
    public static string Dll(string project)
    {
        var bin = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar));
        var root = bin;
        while (root is not null && !File.Exists(Path.Combine(root.FullName, "IrlExec.sln"))) root = root.Parent;
        var dll = Path.Combine(root!.FullName, "tests", project, "bin", bin.Parent!.Name, bin.Name, project + ".dll");
        Assert.True(File.Exists(dll), "Not built: " + dll);
        return dll;
    }

    /// <summary>Closes the child's standard input (its signal to stop) and waits up to a minute for it to exit.</summary>
    public static async Task StopAsync(Process process)
    {
        process.StandardInput.Close();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await process.WaitForExitAsync(timeout.Token);
    }

    /// <summary>Kills the child and its descendants if they still run, then releases the process.</summary>
    public static void Kill(Process process)
    {
        if (!process.HasExited)
        {
            try
            {
                process.Kill(entireProcessTree: true);
            }
            catch (InvalidOperationException)
            {
                // Exited meanwhile.
            }
        }
        process.Dispose();
    }
}
