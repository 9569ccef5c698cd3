using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using IrlExec.Tests.Support;

namespace IrlExec.Tests.Artifacts;

/// <summary>
/// Values in <c>execution_state.md</c> are shown as a person reads them (indented JSON as an indented block, no
/// <c>\uXXXX</c> for printable characters, multi-line text as a text block) and still parse back to the same values,
/// so a resume from the markdown keeps working.
/// </summary>
public sealed class ReadableValueTests : IDisposable
{
    private readonly TempRoot _root = new();

    public void Dispose() => _root.Dispose();

    // The kind of JSON a user's JsonSerializerContext with WriteIndented writes: indented, and the default encoder's
    // escapes of '>', '<', '&', '+', quotes inside strings, every non-ASCII letter and every emoji.
    private const string IndentedUserJson = """
        [
          {
            "id": "INC-1",
            "route": "orders -\u003E billing",
            "note": "caf\u00E9 \u26A0\uFE0F \uD83D\uDE00 \u0022quoted\u0022 a\u002Bb \u003Cb\u003E",
            "lines": "first\nsecond",
            "control": "bell\u0007",
            "separator": "a\u2028b",
            "fence": "```"
          }
        ]
        """;

    private static readonly string[] NastyJson =
    [
        IndentedUserJson,
        "{\"a\":\"-\\u003E\"}",
        "[1,2,3]",
        "{\"deep\":{\"deeper\":[{\"x\":null,\"y\":true,\"z\":-1.5e3}]}}",
        "{\"long\":\"" + new string('x', 200) + "\"}",
        "[\"\\u00A0non-breaking\",\"\\uFEFFbom\",\"\\\\u0041 is not an escape\"]",
        "{\"emoji\":\"\\uD83D\\uDC68\\u200D\\uD83D\\uDC69\\u200D\\uD83D\\uDC67\"}",
        "{}",
        "[]",
    ];

    public static TheoryData<string> NastyJsonValues() => new(NastyJson);

    [Theory]
    [MemberData(nameof(NastyJsonValues))]
    public void A_json_variable_is_shown_readably_and_reads_back_as_the_same_value(string json)
    {
        var state = StateWith(variableJson: json, shown: json);

        var markdown = ExecutionStateMarkdownWriter.Render(state);
        var parsed = ExecutionStateMarkdownParser.Parse(markdown);

        var variable = Assert.Single(parsed.Variables);
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse(json), JsonNode.Parse(variable.Json)), $"variable read back as {variable.Json}\n{markdown}");
        var output = Assert.Single(Assert.Single(parsed.ExecutionLog).RealOutputs);
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse(json), JsonNode.Parse(output.Value)), $"output read back as {output.Value}\n{markdown}");
        AssertNoPrintableEscapes(markdown);
    }

    [Fact]
    public void Indented_json_is_shown_as_an_indented_json_block_with_printable_characters_as_they_are()
    {
        var markdown = ExecutionStateMarkdownWriter.Render(StateWith(variableJson: IndentedUserJson, shown: IndentedUserJson));

        // The fence is longer than the ``` inside the value.
        const string Block = """
            ````json
            [
              {
                "id": "INC-1",
                "route": "orders -> billing",
                "note": "café ⚠️ 😀 \"quoted\" a+b <b>",
                "lines": "first\nsecond",
                "control": "bell\u0007",
                "separator": "a\u2028b",
                "fence": "```"
              }
            ]
            ````
            """;
        Assert.Contains("- `report`:\n" + Indent(Block) + "\n", markdown, StringComparison.Ordinal);
        Assert.Contains("- **real_outputs**:\n  - report:\n" + Indent(Indent(Block)) + "\n", markdown, StringComparison.Ordinal);
    }

    [Fact]
    public void A_short_json_value_stays_on_its_line_without_escapes()
    {
        var markdown = ExecutionStateMarkdownWriter.Render(StateWith(variableJson: "{\"route\":\"a -\\u003E b\"}", shown: "{\"route\":\"a -\\u003E b\"}"));

        Assert.Contains("- `report`: {\"route\":\"a -> b\"}\n", markdown, StringComparison.Ordinal);
        Assert.Contains("  - report: {\"route\":\"a -> b\"}\n", markdown, StringComparison.Ordinal);
    }

    public static TheoryData<string> NastyTexts() => new(
    [
        "line one\n  indented two\n    indented four",
        "apiVersion: v1\nkind: Pod\nmetadata:\n  name: web\n  labels:\n    app: web",
        "one space\n odd indent",
        "tab\n\tindented",
        "ends with spaces  \nnext",
        "a -> b <c> & 'd' \"e\" ✓ 😀",
        "{\"looks\":\"like json\"}",
        "***",
        "```\nfenced\n```",
        "bell\u0007 and nul\u0000",
        "x\u2028y",
    ]);

    [Theory]
    [MemberData(nameof(NastyTexts))]
    public void A_text_variable_reads_back_exactly(string text)
    {
        var json = JsonSerializer.Serialize(text);
        var state = StateWith(variableJson: json, shown: text);

        var parsed = ExecutionStateMarkdownParser.Parse(ExecutionStateMarkdownWriter.Render(state));

        Assert.Equal(text, JsonSerializer.Deserialize<string>(Assert.Single(parsed.Variables).Json));
        Assert.Equal(text, Assert.Single(Assert.Single(parsed.ExecutionLog).RealOutputs).Value);
    }

    [Fact]
    public void Indented_text_is_shown_as_a_text_block_not_as_an_escaped_string()
    {
        const string Yaml = "apiVersion: v1\nmetadata:\n  name: web\n  labels:\n    app: web";

        var markdown = ExecutionStateMarkdownWriter.Render(StateWith(variableJson: JsonSerializer.Serialize(Yaml), shown: Yaml));

        Assert.Contains("- `report`:\n  ```text\n  apiVersion: v1\n  metadata:\n    name: web\n    labels:\n      app: web\n  ```\n", markdown, StringComparison.Ordinal);
        Assert.DoesNotContain("\\n", markdown, StringComparison.Ordinal);
    }

    [Fact]
    public void A_credential_hidden_behind_json_escapes_is_masked_once_shown_readably()
    {
        // "sk-" escaped: only the readable form shows the key's pattern.
        const string Json = "{\"key\":\"\\u0073k-proj-abcdefghijklmnopqrstuvwxyz0123\"}";

        var markdown = ExecutionStateMarkdownWriter.Render(StateWith(variableJson: Json, shown: Json));

        Assert.DoesNotContain("abcdefghijklmnopqrstuvwxyz0123", markdown, StringComparison.Ordinal);
        Assert.Contains("***", markdown, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_run_whose_outputs_are_indented_json_resumes_from_its_markdown_with_the_same_values()
    {
        var incidents = new List<Incident> { new("INC-1", "orders -> billing ⚠️"), new("INC-2", "café \"quoted\"") };
        List<Incident>? seen = null;
        var pause = true;
        var plan = new WorkflowPlan
        {
            Name = "readable",
            Steps =
            [
                new StepPlan { Order = 1, Name = "list", Outputs = [new StepOutputPlan { Name = "incidents", TypeName = "List<Incident>" }] },
                new StepPlan { Order = 2, Name = "approve", Inputs = [new StepInputPlan { Name = "incidents", Reference = "{{incidents}}", TypeName = "List<Incident>" }] },
            ],
        };
        var workflow = new WorkflowDefinition(plan,
        [
            StepDefinition.Create(plan.Steps[0], () => new Emit(incidents), publishOutputs: (s, o) => o.Set("incidents", s.Value, IndentedJson.Default.ListIncident)),
            StepDefinition.Create(plan.Steps[1], () => new Receive(() => pause, v => seen = v), bindInputs: (s, v) => s.Value = v.Get("incidents", IndentedJson.Default.ListIncident)),
        ]);
        var paused = await WorkflowRunner.ForDirectory(_root.Path).RunAsync(workflow);
        var markdown = File.ReadAllText(_root.Layout.MarkdownFile(paused.ExecutionId));
        File.Delete(_root.Layout.HistoryFile(paused.ExecutionId));
        File.Delete(_root.Layout.SnapshotFile(paused.ExecutionId));
        pause = false;

        var resumed = await WorkflowRunner.ForDirectory(_root.Path).ResumeAsync(workflow, paused.ExecutionId);

        Assert.Equal(ExecutionStatus.CompletedSuccess, resumed.Status);
        Assert.Equal(incidents, seen);
        Assert.Contains("\"Route\": \"orders -> billing ⚠️\"", markdown, StringComparison.Ordinal);
        AssertNoPrintableEscapes(markdown);
    }

    public sealed record Incident(string Id, string Route);

    private sealed class Emit(List<Incident> value) : IStep
    {
        public List<Incident> Value { get; } = value;

        public ValueTask ExecuteAsync(StepContext context, CancellationToken cancellationToken) => ValueTask.CompletedTask;
    }

    private sealed class Receive(Func<bool> pause, Action<List<Incident>> seen) : IStep
    {
        public List<Incident> Value { get; set; } = [];

        public ValueTask ExecuteAsync(StepContext context, CancellationToken cancellationToken)
        {
            seen(Value);
            if (pause()) context.Pause("approval");
            return ValueTask.CompletedTask;
        }
    }

    private static void AssertNoPrintableEscapes(string markdown)
    {
        foreach (System.Text.RegularExpressions.Match escape in System.Text.RegularExpressions.Regex.Matches(markdown, @"(?<!\\)(?:\\\\)*\\u([0-9A-Fa-f]{4})"))
        {
            var unit = Convert.ToInt32(escape.Groups[1].Value, 16);
            Assert.False(unit >= 0x20 && unit is not (0x7F or 0x2028 or 0x2029 or 0xFEFF or 0xA0) && !(unit is >= 0x80 and <= 0x9F) && !char.IsSurrogate((char)unit),
                $"printable U+{unit:X4} escaped in:\n{markdown}");
        }
    }

    private static string Indent(string block) => string.Join('\n', block.Split('\n').Select(l => l.Length == 0 ? l : "  " + l));

    private static ExecutionState StateWith(string variableJson, string shown)
    {
        var state = new ExecutionState
        {
            ExecutionId = "exec_20260208T004725Z_0123456789abcdef0123456789abcdef",
            Workflow = "readable",
            Goal = "goal",
            Status = ExecutionStatus.Paused,
            Mode = ExecutionMode.Simulation,
            RunLabel = "readable-2026-02-08-001",
            Variables = [new VariableState { Name = "report", Json = variableJson }],
            Steps = [new StepState { Order = 1, Name = "Report", Status = StepStatus.Completed, SideEffects = "none" }],
        };
        state.ExecutionLog = [new StepExecutionRecord { Step = 1, Attempt = 1, RealOutputs = [new NamedValue("report", shown)] }];
        return state;
    }
}

[JsonSerializable(typeof(List<ReadableValueTests.Incident>))]
[JsonSourceGenerationOptions(WriteIndented = true)]
internal sealed partial class IndentedJson : JsonSerializerContext;
