using System.Diagnostics;
using System.Text;

namespace IrlExec.Packaging.Tests;

/// <summary>Runs the real <c>dotnet</c> CLI as a child process.</summary>
internal static class DotNet
{
    public static string RepositoryRoot { get; } = FindRepositoryRoot();

    /// <summary>The configuration these tests were built with (tests/&lt;project&gt;/bin/&lt;Configuration&gt;/&lt;tfm&gt;/).</summary>
    public static string Configuration { get; } =
        new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar)).Parent!.Name;

    /// <summary>Runs <c>dotnet</c> with <paramref name="arguments"/>; returns the exit code and the combined output.</summary>
    public static async Task<(int ExitCode, string Output)> RunAsync(string workingDirectory, IReadOnlyDictionary<string, string> environment, params string[] arguments)
    {
        var info = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments) info.ArgumentList.Add(argument);
        // The test host runs under MSBuild/VSTest: do not let its MSBuild variables leak into a child build.
        foreach (var key in info.Environment.Keys.Where(k => k.StartsWith("MSBUILD", StringComparison.OrdinalIgnoreCase)).ToList())
        {
            info.Environment.Remove(key);
        }
        info.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        info.Environment["DOTNET_NOLOGO"] = "1";
        info.Environment["DOTNET_SKIP_FIRST_TIME_EXPERIENCE"] = "1";
        foreach (var (key, value) in environment) info.Environment[key] = value;

        using var process = Process.Start(info) ?? throw new InvalidOperationException("could not start dotnet");
        var output = new StringBuilder();
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(4));
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"dotnet {string.Join(' ', arguments)} did not finish in 4 minutes:\n{await stdout}{await stderr}");
        }
        output.Append(await stdout).Append(await stderr);
        return (process.ExitCode, output.ToString());
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
