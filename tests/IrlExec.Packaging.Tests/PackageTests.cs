using System.IO.Compression;
using System.Xml.Linq;

namespace IrlExec.Packaging.Tests;

/// <summary>
/// The IrlExec package as a consumer meets it: one package carrying the runtime and, in analyzers/dotnet/cs, the
/// generator; a workflow library built against it from a local feed; an app that runs that library's workflows
/// without running the generator itself.
/// </summary>
public sealed partial class PackageTests(PackageFixture package) : IClassFixture<PackageFixture>
{
    [Fact]
    public void The_package_holds_the_runtime_per_framework_and_the_generator_under_analyzers_dotnet_cs()
    {
        using var zip = ZipFile.OpenRead(package.PackagePath);
        var entries = zip.Entries.Select(e => e.FullName).ToList();

        Assert.Contains("lib/net8.0/IrlExec.dll", entries);
        Assert.Contains("lib/net10.0/IrlExec.dll", entries);
        Assert.Contains("analyzers/dotnet/cs/IrlExec.Generators.dll", entries);
        Assert.Contains("analyzers/dotnet/cs/IrlExec.CodeFixes.dll", entries);
        Assert.DoesNotContain(entries, e => e.StartsWith("lib/", StringComparison.Ordinal) && e.Contains("Generators", StringComparison.Ordinal));

        // The generator and the code fixes are inside the package, not dependencies on other packages.
        using var nuspec = zip.Entries.Single(e => e.FullName.EndsWith(".nuspec", StringComparison.Ordinal)).Open();
        var document = XDocument.Load(nuspec); // the nuspec schema namespace varies with the features used: match local names
        Assert.Equal(package.Version, document.Descendants().Single(e => e.Name.LocalName == "version").Value);
        Assert.DoesNotContain(document.Descendants().Where(e => e.Name.LocalName == "dependency"), d => ((string?)d.Attribute("id"))!.StartsWith("IrlExec", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_workflow_library_built_from_the_package_runs_from_an_app_that_does_not_run_the_generator()
    {
        package.CopyConsumer("WorkflowLibrary");
        var app = package.CopyConsumer("HostApp");
        var root = Path.Combine(package.WorkDirectory, "run-root");

        var build = await DotNet.RunAsync(package.WorkDirectory, package.Environment,
            "build", Path.Combine(app, "HostApp.csproj"), "-c", "Debug", "--disable-build-servers",
            "-p:IrlExecPackageVersion=" + package.Version);
        Assert.True(build.ExitCode == 0, "consumer build failed:\n" + build.Output);
        // The package came from the local feed into the isolated cache, not from a project reference.
        Assert.True(File.Exists(Path.Combine(package.WorkDirectory, "packages", "irlexec", package.Version, "analyzers", "dotnet", "cs", "IrlExec.Generators.dll")));

        var run = await DotNet.RunAsync(package.WorkDirectory, package.Environment,
            Path.Combine(app, "bin", "Debug", "net10.0", "HostApp.dll"), root);

        Assert.True(run.ExitCode == 0, "consumer run failed:\n" + run.Output);
        var facts = run.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Where(l => l.Contains(": ", StringComparison.Ordinal))
            .ToDictionary(l => l[..l.IndexOf(": ", StringComparison.Ordinal)], l => l[(l.IndexOf(": ", StringComparison.Ordinal) + 2)..]);
        Assert.Equal("0", facts["host-catalog"]);                  // the app's own [Workflow] class was not generated
        Assert.Equal("greeting-report", facts["library-catalog"]); // the library's was, and is discoverable
        Assert.Equal("compose,write", facts["plan-steps"]);
        Assert.Matches("^[0-9a-f]{16}$", facts["fingerprint"]);
        Assert.Equal("COMPLETED_SUCCESS SIMULATION", facts["simulate"]);
        Assert.StartsWith("COMPLETED_SUCCESS ", facts["run"]);
        Assert.Equal("COMPLETED_SUCCESS", facts["catalog-run"]);

        // EXECUTION mode had its side effect; the seed's files were written; the secret reached no file.
        Assert.Equal("Hello, ops!", File.ReadAllText(Path.Combine(root, "workspace", "greeting-ops.txt")));
        Assert.Equal("Hello, qa!", File.ReadAllText(Path.Combine(root, "workspace", "greeting-qa.txt")));
        Assert.NotEmpty(Directory.GetFiles(Path.Combine(root, "execution", "logs"), "greeting-report-*.log"));
        Assert.True(File.Exists(Path.Combine(root, "execution", "state", facts["run"]["COMPLETED_SUCCESS ".Length..] + ".json")));
        Assert.NotEmpty(Directory.GetFiles(Path.Combine(root, "execution", "results"), "greeting-report-results-*.json"));
        foreach (var file in Directory.GetFiles(root, "*", SearchOption.AllDirectories))
        {
            var text = File.ReadAllText(file);
            Assert.DoesNotContain("k-123", text);
            Assert.DoesNotContain("k-456", text);
        }
    }
}
