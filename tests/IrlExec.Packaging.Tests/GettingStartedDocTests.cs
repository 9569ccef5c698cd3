using System.Text.RegularExpressions;
using System.Xml.Linq;

namespace IrlExec.Packaging.Tests;

/// <summary>
/// docs/getting-started.md, done as a reader does it: its nuget.config, its PackageReference and its C# files, taken from
/// the page as written, make a console app against the package from a local feed; the app builds without a warning and
/// runs the page's workflow to the end. The snippets of docs/step-context.md compile in it too. Change the page and this
/// test runs the new text.
/// </summary>
public sealed partial class PackageTests
{
    private static string Page(string name) => File.ReadAllText(Path.Combine(DotNet.RepositoryRoot, "docs", name));

    // Every fenced block of a page: its language and its text.
    private static List<(string Language, string Code)> FencedBlocks(string markdown) =>
        FencedBlock().Matches(markdown.ReplaceLineEndings("\n")).Select(m => (m.Groups[1].Value, m.Groups[2].Value)).ToList();

    [Fact]
    public async Task The_getting_started_page_builds_and_runs_as_written_against_the_package()
    {
        var page = Page("getting-started.md");
        var blocks = FencedBlocks(page);
        var xml = blocks.Where(b => b.Language == "xml").Select(b => b.Code).ToList();
        var csharp = blocks.Where(b => b.Language == "csharp").Select(b => b.Code).ToList();
        var nugetConfig = Assert.Single(xml, c => c.Contains("<packageSources>", StringComparison.Ordinal));
        var packageReference = Assert.Single(xml, c => c.Contains("<PackageReference Include=\"IrlExec\"", StringComparison.Ordinal));
        Assert.Equal(2, csharp.Count); // the workflow, and the program that runs it

        // The version the page names is the one the repository packs.
        var version = XDocument.Load(Path.Combine(DotNet.RepositoryRoot, "Directory.Build.props")).Descendants("Version").Single().Value;
        Assert.Contains($"Version=\"{version}\"", packageReference, StringComparison.Ordinal);
        Assert.Contains($"IrlExec.{version}.nupkg", page, StringComparison.Ordinal);

        // The reader's project: what 'dotnet new console' makes, the page's ItemGroup, the page's nuget.config (its feed
        // folder is this test's feed, its version the package under test), and the page's C# files.
        var project = Path.Combine(package.WorkDirectory, "getting-started");
        Directory.CreateDirectory(project);
        var feedValue = Regex.Match(nugetConfig, "value=\"([^\"]+)\"").Groups[1].Value;
        await File.WriteAllTextAsync(Path.Combine(project, "nuget.config"), nugetConfig.Replace(feedValue, package.FeedDirectory, StringComparison.Ordinal));
        await File.WriteAllTextAsync(Path.Combine(project, "GettingStarted.csproj"), $"""
            <Project Sdk="Microsoft.NET.Sdk">
              <PropertyGroup>
                <OutputType>Exe</OutputType>
                <TargetFramework>net10.0</TargetFramework>
                <ImplicitUsings>enable</ImplicitUsings>
                <Nullable>enable</Nullable>
                <TreatWarningsAsErrors>true</TreatWarningsAsErrors>
                <ManagePackageVersionsCentrally>false</ManagePackageVersionsCentrally>
              </PropertyGroup>
            {packageReference.Replace($"Version=\"{version}\"", $"Version=\"{package.Version}\"", StringComparison.Ordinal)}
            </Project>
            """);
        await File.WriteAllTextAsync(Path.Combine(project, "GreetingWorkflow.cs"), Assert.Single(csharp, c => c.Contains("[Workflow(", StringComparison.Ordinal)));
        await File.WriteAllTextAsync(Path.Combine(project, "Program.cs"), Assert.Single(csharp, c => c.Contains("WorkflowRunner.ForDirectory", StringComparison.Ordinal)));
        await File.WriteAllTextAsync(Path.Combine(project, "StepContextSnippets.cs"), StepContextSnippets());

        var build = await DotNet.RunAsync(project, package.Environment, "build", "GettingStarted.csproj", "-c", "Debug", "--disable-build-servers");
        Assert.True(build.ExitCode == 0, "the getting-started app does not build:\n" + build.Output);
        Assert.Contains(" 0 Warning(s)", build.Output, StringComparison.Ordinal);

        var run = await DotNet.RunAsync(project, package.Environment, Path.Combine(project, "bin", "Debug", "net10.0", "GettingStarted.dll"));

        Assert.True(run.ExitCode == 0, "the getting-started app failed:\n" + run.Output);
        var id = Regex.Match(run.Output, @"^(exec_\S+): COMPLETED_SUCCESS", RegexOptions.Multiline).Groups[1].Value;
        Assert.True(id.Length > 0, run.Output);
        // What the page says a run leaves under the root it names.
        var root = Path.Combine(project, ".irlexec");
        Assert.Contains("Hello, world!", File.ReadAllText(Path.Combine(root, "workspace", "execution_state.md")), StringComparison.Ordinal);
        Assert.Contains("[INFO] [greeting] [compose] Hello, world!", File.ReadAllText(Directory.GetFiles(Path.Combine(root, "execution", "logs"), "greeting-*.log").Single()), StringComparison.Ordinal);
        Assert.True(File.Exists(Path.Combine(root, "execution", "state", id + ".history.jsonl")));
        Assert.True(File.Exists(Path.Combine(root, "execution", "README.md")));
    }

    // Each C# snippet of docs/step-context.md as the body of a step method; the names a snippet takes from its
    // surroundings (an LLM client, an HTTP client, a prompt, ...) are declared around it with the types the page implies.
    private static string StepContextSnippets()
    {
        var snippets = FencedBlocks(Page("step-context.md")).Where(b => b.Language == "csharp").Select(b => b.Code).ToList();
        Assert.True(snippets.Count >= 8, "docs/step-context.md has fewer C# examples than this test was written for");
        var methods = string.Concat(snippets.Select((code, i) => $$"""

                public async Task Example{{i + 1}}(StepContext context, CancellationToken cancellationToken)
                {
                    await Task.Yield();
            {{code}}
                }

            """));
        return $$"""
            using IrlExec;

            #pragma warning disable CS0649, CS8618, CA1822 // the surroundings are declared, never set: the snippets only compile
            public sealed class StepContextSnippets
            {
                public sealed record Reply(int InputTokens, int OutputTokens, string Text);
                public sealed class Llm { public Task<Reply> CompleteAsync(string prompt, CancellationToken cancellationToken) => Task.FromResult(new Reply(0, 0, "")); }
                public sealed class Payments { public Task ChargeAsync(string customer, decimal amount, string idempotencyKey, CancellationToken cancellationToken) => Task.CompletedTask; }

                private readonly Llm llm;
                private readonly HttpClient http;
                private readonly Payments payments;
                private readonly string id, prompt, url, target, payload, customer;
                private readonly decimal amount;
                private readonly Reply reply;
                private readonly List<string> incidents;
            {{methods}}
            }
            """;
    }

    [GeneratedRegex(@"^```(\w+)\n(.*?)^```", RegexOptions.Multiline | RegexOptions.Singleline)]
    private static partial Regex FencedBlock();
}
