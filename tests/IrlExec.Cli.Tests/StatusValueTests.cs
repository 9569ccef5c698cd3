using System.Text.Json.Serialization;
using IrlExec.Cli.Tests.Support;

namespace IrlExec.Cli.Tests;

/// <summary><c>status</c> shows values as a person reads them, and says how to resume with the root it was given.</summary>
public sealed class StatusValueTests : IDisposable
{
    private readonly TempRoot _root = new();

    public void Dispose() => _root.Dispose();

    [Fact]
    public async Task Status_shows_an_indented_json_variable_indented_under_its_name_without_escapes()
    {
        // Longer than one compact line (80 characters): shown indented.
        var id = await PausedRunWithAsync(new Report("orders -> billing ⚠️ -> the ledger of every subsidiary", ["café", "\"quoted\""]));

        var result = await Irlexec.RunAsync("status", id, "--root", _root.Path);

        Assert.True(result.ExitCode == ExitCodes.Ok, result.ToString());
        var lines = result.Out.Split('\n');
        var at = Array.FindIndex(lines, l => l.StartsWith("report:", StringComparison.Ordinal));
        Assert.True(at >= 0, result.Out);
        var column = lines[at].IndexOf('{', StringComparison.Ordinal);
        Assert.Equal(
            ["{", "  \"Route\": \"orders -> billing ⚠️ -> the ledger of every subsidiary\",", "  \"Tags\": [", "    \"café\",", "    \"\\\"quoted\\\"\"", "  ]", "}"],
            lines.Skip(at).Take(7).Select(l => l[column..]));
        Assert.All(lines.Skip(at + 1).Take(6), l => Assert.True(l[..column].Trim().Length == 0, l));
        Assert.DoesNotContain("\\u", result.Out, StringComparison.Ordinal);
        Assert.Matches("(?m)^note: +a plain string$", result.Out);
    }

    [Fact]
    public async Task Status_shows_a_short_json_variable_on_its_line()
    {
        var id = await PausedRunWithAsync(new Report("a -> b", ["x"]));

        var result = await Irlexec.RunAsync("status", id, "--root", _root.Path);

        Assert.Matches("(?m)^report: +\\{\"Route\":\"a -> b\",\"Tags\":\\[\"x\"\\]\\}$", result.Out);
    }

    [Fact]
    public async Task The_resume_hint_of_a_paused_execution_names_its_root()
    {
        var id = await PausedRunWithAsync(new Report("r", []));

        var result = await Irlexec.RunAsync("status", id, "--root", _root.Path);

        Assert.Contains($"irlexec resume {id} --root {_root.Path} --assembly <workflow assembly>", result.Out, StringComparison.Ordinal);
    }

    private async Task<string> PausedRunWithAsync(Report report)
    {
        var plan = new WorkflowPlan { Name = "report", Steps = [new StepPlan { Order = 1, Name = "wait" }] };
        var workflow = new WorkflowDefinition(plan, [StepDefinition.Create(plan.Steps[0], () => new Waiting())]);
        var variables = new VariableStore();
        variables.Set("report", report, IndentedReportJson.Default.Report);
        variables.Set("note", "a plain string");
        var result = await WorkflowRunner.ForDirectory(_root.Path).RunAsync(workflow, variables);
        Assert.Equal(ExecutionStatus.Paused, result.Status);
        return result.ExecutionId;
    }

    public sealed record Report(string Route, List<string> Tags);

    private sealed class Waiting : IStep
    {
        public ValueTask ExecuteAsync(StepContext context, CancellationToken cancellationToken)
        {
            context.Pause("approval");
            return ValueTask.CompletedTask;
        }
    }
}

[JsonSerializable(typeof(StatusValueTests.Report))]
[JsonSourceGenerationOptions(WriteIndented = true)]
internal sealed partial class IndentedReportJson : JsonSerializerContext;
