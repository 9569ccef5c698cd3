using System.Security;

namespace IrlExec.Packaging.Tests;

/// <summary>
/// Packs src/IrlExec once (as already built, same configuration as the tests) into a temporary local feed, with a
/// version no earlier run used, and writes a NuGet.config that adds that feed to the machine's normal sources. Restores
/// use a package cache of their own, so a stale cached IrlExec can never stand in for the package under test.
/// </summary>
public sealed class PackageFixture : IAsyncLifetime
{
    public string WorkDirectory { get; } = Path.Combine(Path.GetTempPath(), "irlexec-packaging-" + Guid.NewGuid().ToString("N")[..12]);

    public string Version { get; } = "0.1.0-pkgtest.t" + Guid.NewGuid().ToString("N")[..12];

    public string FeedDirectory => Path.Combine(WorkDirectory, "feed");

    public string PackagePath => Path.Combine(FeedDirectory, $"IrlExec.{Version}.nupkg");

    /// <summary>The environment of every restore/build: an isolated package cache.</summary>
    public IReadOnlyDictionary<string, string> Environment => new Dictionary<string, string>
    {
        ["NUGET_PACKAGES"] = Path.Combine(WorkDirectory, "packages"),
    };

    public string PackOutput { get; private set; } = "";

    public async Task InitializeAsync()
    {
        Directory.CreateDirectory(FeedDirectory);
        var (exitCode, output) = await DotNet.RunAsync(DotNet.RepositoryRoot, Environment,
            "pack", Path.Combine(DotNet.RepositoryRoot, "src", "IrlExec", "IrlExec.csproj"),
            "--no-build", "-c", DotNet.Configuration, "-o", FeedDirectory,
            "-p:Version=" + Version,
            // Keep the generated .nuspec out of the repository's obj/ folder.
            "-p:NuspecOutputPath=" + Path.Combine(WorkDirectory, "nuspec") + Path.DirectorySeparatorChar);
        PackOutput = output;
        if (exitCode != 0) throw new InvalidOperationException("dotnet pack failed:\n" + output);

        // A NuGet.config here adds the local feed; the user-level config (the machine's normal source) still applies.
        await File.WriteAllTextAsync(Path.Combine(WorkDirectory, "NuGet.config"), $"""
            <?xml version="1.0" encoding="utf-8"?>
            <configuration>
              <packageSources>
                <add key="irlexec-local" value="{SecurityElement.Escape(FeedDirectory)}" />
              </packageSources>
            </configuration>
            """);
    }

    /// <summary>Copies a consumer project from Consumer/ into the work directory.</summary>
    public string CopyConsumer(string name)
    {
        var source = Path.Combine(AppContext.BaseDirectory, "Consumer", name);
        var target = Path.Combine(WorkDirectory, name);
        Directory.CreateDirectory(target);
        foreach (var file in Directory.GetFiles(source)) File.Copy(file, Path.Combine(target, Path.GetFileName(file)), overwrite: true);
        return target;
    }

    public Task DisposeAsync()
    {
        try
        {
            Directory.Delete(WorkDirectory, recursive: true);
        }
        catch (IOException)
        {
            // Best effort: a leftover temp folder is harmless and never reused (unique name).
        }
        return Task.CompletedTask;
    }
}
