using System.Diagnostics;

namespace IrlExec.EndToEnd.Tests;

/// <summary>Starts a sample's built program as a real child process.</summary>
internal static class SampleProcess
{
    public static string RepositoryRoot { get; } = FindRepositoryRoot();

    // The test runs from tests/<project>/bin/<Configuration>/<tfm>/: the sample was built with the same configuration.
    public static string SampleDll(string sample)
    {
        var testBin = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar));
        var configuration = testBin.Parent!.Name;
        // The samples, and the tests' own crash harness (a program that kills itself at a chosen point).
        var folder = sample.StartsWith("IrlExec.", StringComparison.Ordinal) ? Path.Combine(RepositoryRoot, "tests", sample) : Path.Combine(RepositoryRoot, "samples", sample);
        var dll = Path.Combine(folder, "bin", configuration, testBin.Name, sample + ".dll");
        Assert.True(File.Exists(dll), $"The sample was not built: {dll}");
        return dll;
    }

    public static Process Start(string sample, params string[] arguments)
    {
        var info = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        info.ArgumentList.Add(SampleDll(sample));
        foreach (var argument in arguments) info.ArgumentList.Add(argument);
        return Process.Start(info) ?? throw new InvalidOperationException("Could not start " + sample);
    }

    public static async Task<(int ExitCode, string Output)> RunToEndAsync(string sample, params string[] arguments)
    {
        using var process = Start(sample, arguments);
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        await process.WaitForExitAsync(timeout.Token);
        return (process.ExitCode, await output + await error);
    }

    private static string FindRepositoryRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "IrlExec.sln"))) return directory.FullName;
        }
        throw new InvalidOperationException("IrlExec.sln not found above " + AppContext.BaseDirectory);
    }
}
