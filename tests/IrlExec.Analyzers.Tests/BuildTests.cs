using System.Diagnostics;
using System.Text.RegularExpressions;
using IrlExec.Analyzers.Tests.Infrastructure;

namespace IrlExec.Analyzers.Tests;

/// <summary>
/// The analyzer in a real <c>dotnet build</c>: a copy of the Deploy sample with seeded mistakes fails to build with the
/// diagnostics at the right file, line and column. This is the one test here that spawns a build (about 10-20 s): it is
/// what a user meets, and the in-memory tests cannot show that the analyzer loads and fails a build.
/// </summary>
public sealed class BuildTests : IDisposable
{
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "irlexec-analyzer-build-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        if (Directory.Exists(_directory)) Directory.Delete(_directory, recursive: true);
    }

    [Fact]
    public void Build_of_a_sample_with_seeded_mistakes_fails_with_the_diagnostics_at_the_right_lines()
    {
        Directory.CreateDirectory(_directory);
        var sample = Path.Combine(Repository.Root, "samples", "Deploy");
        foreach (var file in Repository.SourceFiles(sample))
        {
            File.Copy(file, Path.Combine(_directory, Path.GetFileName(file)));
        }

        // Mistake 1: a misspelt input variable in the workflow declaration (IRL0005).
        var workflowPath = Path.Combine(_directory, "DeployWorkflow.cs");
        var workflow = File.ReadAllText(workflowPath);
        const string Original = "[Input] public string ApprovedBy { get; set; } = \"\";";
        const string Seeded = "[Input(\"aproved_by\")] public string ApprovedBy { get; set; } = \"\";";
        Assert.Contains(Original, workflow, StringComparison.Ordinal);
        workflow = workflow.Replace(Original, Seeded, StringComparison.Ordinal);
        File.WriteAllText(workflowPath, workflow);
        var (unknownLine, unknownColumn) = Position(workflow, "aproved_by\")]");

        // Mistake 2: a host that completes an execution twice (IRL0002).
        var host = """
            using IrlExec;

            namespace Deploy;

            public static class SeededHost
            {
                public static void Finish()
                {
                    var execution = WorkflowExecution.Start("deploy", ExecutionMode.Execution);
                    execution.Complete();
                    execution.Complete();
                }
            }
            """;
        File.WriteAllText(Path.Combine(_directory, "SeededHost.cs"), host);
        var (terminalLine, terminalColumn) = Position(host, "execution.Complete();\n    }");

        File.WriteAllText(Path.Combine(_directory, "Deploy.csproj"), $"""
            <Project Sdk="Microsoft.NET.Sdk">
              <PropertyGroup>
                <OutputType>Exe</OutputType>
                <TargetFramework>net10.0</TargetFramework>
                <ImplicitUsings>enable</ImplicitUsings>
                <Nullable>enable</Nullable>
              </PropertyGroup>
              <ItemGroup>
                <Reference Include="IrlExec" HintPath="{Path.Combine(AppContext.BaseDirectory, "IrlExec.dll")}" />
                <Analyzer Include="{Path.Combine(AppContext.BaseDirectory, "IrlExec.Generators.dll")}" />
              </ItemGroup>
            </Project>
            """);

        var (exitCode, output) = Build();

        Assert.True(exitCode != 0, "The build should fail:\n" + output);
        Assert.Contains($"DeployWorkflow.cs({unknownLine},{unknownColumn}): error IRL0005: Input 'ApprovedBy' of step 3 'Release' reads variable 'aproved_by'", output, StringComparison.Ordinal);
        Assert.Contains("did you mean 'approved_by'?", output, StringComparison.Ordinal);
        Assert.Contains($"SeededHost.cs({terminalLine},{terminalColumn}): error IRL0002:", output, StringComparison.Ordinal);
        // Nothing else: the unseeded sample has no IrlExec diagnostics.
        var reported = Regex.Matches(output, @"(error|warning) (IRL\d{4})").Select(m => m.Groups[2].Value).Distinct().Order(StringComparer.Ordinal);
        Assert.Equal(["IRL0002", "IRL0005"], reported);
    }

    /// <summary>The 1-based line and column where <paramref name="marker"/> starts in <paramref name="text"/>.</summary>
    private static (int Line, int Column) Position(string text, string marker)
    {
        text = text.ReplaceLineEndings("\n");
        var index = text.IndexOf(marker, StringComparison.Ordinal);
        Assert.True(index >= 0, $"'{marker}' not found.");
        var before = text[..index];
        return (before.Count(c => c == '\n') + 1, index - (before.LastIndexOf('\n') + 1) + 1);
    }

    private (int ExitCode, string Output) Build()
    {
        var info = new ProcessStartInfo("dotnet") { WorkingDirectory = _directory, RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in new[] { "build", "-nologo", "-clp:NoSummary", "-p:UseSharedCompilation=false" }) info.ArgumentList.Add(argument);
        info.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        info.Environment["DOTNET_NOLOGO"] = "1";
        using var process = Process.Start(info)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(TimeSpan.FromMinutes(5)))
        {
            process.Kill(entireProcessTree: true);
            Assert.Fail("dotnet build did not finish within 5 minutes.");
        }
        return (process.ExitCode, output.Result + error.Result);
    }
}
