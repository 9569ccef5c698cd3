using FsCheck;
using FsCheck.Fluent;
using static IrlExec.Tests.Artifacts.ArtifactSupport;

namespace IrlExec.Tests.Artifacts;

/// <summary>write → parse → equal: for random states, and for the values that break naive Markdown.</summary>
public class MarkdownRoundTripTests
{
    // Values that break naive Markdown: table pipes, backtick runs and fences, headings, list markers, template braces,
    // line breaks (also \r and blank lines), leading/trailing spaces, tabs, the reserved word "none", JSON look-alikes, ***.
    private static readonly string[] Tricky =
    [
        "a | b | c", "`code`", "```", "````\nfenced\n````", "# not a heading", "## Metadata", "- **status**: FAILED", "{{variable}}",
        "{{ unclosed", "line one\nline two", "trailing newline\n", "\nleading newline", "two\n\nparagraphs", "windows\r\nline",
        "  padded  ", "tab\there", "none", "None", "", " ", "42", "true", "null", "{\"a\":1}", "[1,2]", "\"quoted\"", "***",
        "ünïcödé ✓ ⚠️ 😀", " leading space\nsecond", "first\n  indented second", "$0.05", "3s", "> quote", "1. numbered", "<b>html</b>", "\\ backslash", "_(none)_", "- item",
    ];

    private static Gen<string> Text() =>
        Gen.Frequency(
            (3, Gen.Elements(Tricky)),
            (2, Gen.Elements(Tricky).ListOf().Select(parts => string.Concat(parts))),
            (2, Gen.Elements("abc xyz|`#{}\n\r\t -*_$:>".ToCharArray()).ArrayOf().Select(chars => new string(chars))));

    private static Gen<string> Name() => Gen.Elements("integration", "file_path", "incidents", "x", "report_2");

    private static Gen<NamedValue> Pair() => from name in Name() from value in Text() select new NamedValue(name, value);

    private static Gen<DateTimeOffset> Time() =>
        from seconds in Gen.Choose(0, 100_000_000)
        from ticks in Gen.Choose(0, 9_999_999)
        select new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero).AddSeconds(seconds).AddTicks(ticks);

    private static Gen<decimal> Cost() => Gen.Choose(0, 100_000).Select(cents => cents / 1000m);

    private static Gen<double> Seconds() => Gen.Choose(0, 1_000_000).Select(ms => ms / 1000.0);

    private static Gen<string> VariableJson() =>
        Gen.OneOf(
            Text().Select(MarkdownValueCodec.CanonicalStringJson),
            Gen.Choose(-1000, 1000).Select(n => n.ToString(System.Globalization.CultureInfo.InvariantCulture)),
            Gen.Elements("true", "null", "[1,2,3]", "{\"a\":\"b | c\",\"n\":[1,{\"x\":null}]}", "3.25"));

    private static Gen<ExecutionState> States() =>
        from goal in Text()
        from status in Gen.Elements(Enum.GetValues<ExecutionStatus>())
        from reason in Text().OrNull()
        from mode in Gen.Elements(ExecutionMode.Execution, ExecutionMode.Simulation)
        from start in Time()
        from updated in Time()
        from variables in (from json in VariableJson() from secret in Gen.Elements(false, false, true) select (json, secret)).ListOf()
        from steps in (from component in Text() from tool in Text() from status in Gen.Elements(Enum.GetValues<StepStatus>())
                       from inputs in Pair().ListOf() from outputs in Pair().ListOf() from cost in Cost() from time in Seconds()
                       from effects in Text() from attempts in Gen.Choose(0, 3) from error in Text().OrNull()
                       select (component, tool, status, inputs, outputs, cost, time, effects, attempts, error)).NonEmptyListOf()
        from log in (from step in Gen.Choose(1, 5) from at in Time() from inputs in Pair().ListOf() from outputs in Pair().ListOf()
                     from cost in Cost() from time in Seconds() from errors in Text().OrNull() from changes in Text().ListOf() from attempt in Gen.Choose(1, 4)
                     select (step, at, inputs, outputs, cost, time, errors, changes, attempt)).ListOf()
        from messages in (from role in Gen.Elements("user", "assistant", "tool") from text in Text() from at in Time() select new ConversationMessage { Role = role, Text = text, Timestamp = at, Step = 1 }).ListOf()
        from calls in (from tool in Text() from arguments in Text() from result in Text() from at in Time() select new ToolCallRecord { Tool = tool, Arguments = arguments, Result = result, Timestamp = at, Step = 1 }).ListOf()
        from migrations in Migration().ListOf()
        select Build(goal, status, reason, mode, start, updated, [.. variables], [.. steps], [.. log], [.. messages], [.. calls], [.. migrations]);

    private static Gen<PlanMigrationRecord> Migration() =>
        from at in Time()
        from isExplicit in Gen.Elements(false, true)
        from versions in Gen.Choose(1, 4)
        from changes in Text().ListOf()
        select new PlanMigrationRecord
        {
            Timestamp = at, IsExplicit = isExplicit, FromVersion = versions, ToVersion = isExplicit ? versions + 1 : versions,
            FromFingerprint = "3f0c2a9d11e0b7c4", ToFingerprint = "91aa07f3c2d4e5b6", Changes = [.. changes],
        };

    private static ExecutionState Build(string goal, ExecutionStatus status, string? reason, ExecutionMode mode, DateTimeOffset start, DateTimeOffset updated,
        List<(string Json, bool Secret)> variables,
        List<(string Component, string Tool, StepStatus Status, List<NamedValue> Inputs, List<NamedValue> Outputs, decimal Cost, double Time, string Effects, int Attempts, string? Error)> steps,
        List<(int Step, DateTimeOffset At, List<NamedValue> Inputs, List<NamedValue> Outputs, decimal Cost, double Time, string? Errors, List<string> Changes, int Attempt)> log,
        List<ConversationMessage> messages, List<ToolCallRecord> calls, List<PlanMigrationRecord>? migrations = null)
    {
        var state = new ExecutionState
        {
            ExecutionId = "exec_20260208T004725Z_0123456789abcdef0123456789abcdef",
            Workflow = "incident-approval",
            Goal = goal,
            Status = status,
            StatusReason = reason,
            CurrentStep = 1,
            StartTime = start,
            LastUpdated = updated,
            Mode = mode,
            RunLabel = "incident-approval-2026-02-08-001",
            Actor = "agent-auto-approver",
            PlanFingerprint = "abc123",
            PlanVersion = 2,
            Variables = variables.Select((v, i) => new VariableState { Name = "v" + i, Json = v.Secret ? "\"***\"" : v.Json, IsSecret = v.Secret }).ToList(),
            Steps = steps.Select((s, i) => new StepState
            {
                Order = i + 1, Name = "Step name " + (i + 1), Component = s.Component, ToolMapping = s.Tool, Status = s.Status, Inputs = s.Inputs,
                ExpectedOutputs = s.Outputs, EstimatedCost = s.Cost, EstimatedSeconds = s.Time, SideEffects = s.Effects, Attempts = s.Attempts, LastError = s.Error,
            }).ToList(),
        };
        state.ExecutionLog = log.Where(r => r.Step <= state.Steps.Count).Select(r => new StepExecutionRecord
        {
            Step = r.Step, Timestamp = r.At, Attempt = r.Attempt, ToolUsed = state.FindStep(r.Step)!.ToolMapping, RealInputs = r.Inputs, RealOutputs = r.Outputs,
            ActualCost = r.Cost, ActualSeconds = r.Time, Errors = r.Errors, StateChanges = r.Changes,
        }).ToList();
        state.PlanMigrations = migrations ?? [];
        if (mode == ExecutionMode.Execution)
        {
            state.Training.ConversationTrace = messages;
            state.Training.ToolCalls = calls;
            state.Training.StateTransitions = [new StateTransitionRecord { From = ExecutionStatus.Planning, To = ExecutionStatus.InProgress, Reason = reason, Timestamp = start }];
        }
        return state;
    }

    [Fact]
    public void Random_states_written_as_markdown_parse_back_equal()
    {
        Prop.ForAll(Arb.From(States()), (ExecutionState state) =>
        {
            var markdown = ExecutionStateMarkdownWriter.Render(state);
            var parsed = ExecutionStateMarkdownParser.Parse(markdown);
            Assert.True(Json(ShownJsonAsValues(parsed)) == Json(ShownJsonAsValues(state)), $"Round trip failed.\n--- markdown ---\n{markdown}\n--- expected ---\n{Json(state)}\n--- parsed ---\n{Json(parsed)}");
        }).Check(Config.QuickThrowOnFailure.WithMaxTest(200).WithEndSize(15));
    }

    // A shown value (a step's inputs and expected outputs, a log entry's real ones) that is a JSON object or array reads
    // back as the same JSON value, not the same text (execution-state.md: "other JSON as the same JSON value, written
    // with fewer escapes or another indentation"); random text can be such JSON ("{\n}"): compared as its value.
    private static ExecutionState ShownJsonAsValues(ExecutionState state)
    {
        foreach (var step in state.Steps)
        {
            AsValues(step.Inputs);
            AsValues(step.ExpectedOutputs);
        }
        foreach (var entry in state.ExecutionLog)
        {
            AsValues(entry.RealInputs);
            AsValues(entry.RealOutputs);
        }
        return state;
    }

    private static void AsValues(List<NamedValue> values)
    {
        foreach (var value in values)
        {
            if (value.Value.Length >= 2 && value.Value[0] is '{' or '[' && MarkdownValueCodec.IsJson(value.Value)) value.Value = ReadableJson.Format(value.Value, indented: false);
        }
    }

    [Theory]
    [MemberData(nameof(TrickyValues))]
    public void A_tricky_value_round_trips_in_every_kind_of_field(string value)
    {
        var state = Build(value, ExecutionStatus.Paused, value, ExecutionMode.Execution, DateTimeOffset.UnixEpoch, DateTimeOffset.UnixEpoch,
            [(MarkdownValueCodec.CanonicalStringJson(value), false)],
            [(value, value, StepStatus.Failed, [new NamedValue("input", value)], [new NamedValue("output", value)], 0.05m, 3, value, 1, value)],
            [(1, DateTimeOffset.UnixEpoch, [new NamedValue("input", value)], [new NamedValue("output", value)], 0.01m, 1.5, value, [value], 1)],
            [new ConversationMessage { Role = "user", Text = value }], [new ToolCallRecord { Tool = "Bash", Arguments = value, Result = value }],
            [new PlanMigrationRecord { Timestamp = DateTimeOffset.UnixEpoch, FromFingerprint = "a1", ToFingerprint = "b2", Changes = [value] }]);
        if (value.Contains('\n') || value.Length == 0) state.Goal = "goal"; // the title shows the goal's first line; the goal field keeps it whole

        var parsed = ExecutionStateMarkdownParser.Parse(ExecutionStateMarkdownWriter.Render(state));

        Assert.Equal(Json(state), Json(parsed));
    }

    public static TheoryData<string> TrickyValues() => new(Tricky);

    [Fact]
    public void A_multi_line_value_is_written_as_a_fenced_block_that_markdown_readers_see_as_code()
    {
        var state = Build("goal", ExecutionStatus.InProgress, null, ExecutionMode.Simulation, DateTimeOffset.UnixEpoch, DateTimeOffset.UnixEpoch,
            [(MarkdownValueCodec.CanonicalStringJson("## not a section\n| not | a table |"), false)], [("c", "t", StepStatus.Pending, [], [], 0, 0, "none", 0, null)], [], [], []);

        var markdown = ExecutionStateMarkdownWriter.Render(state);

        Assert.Contains("- `v0`:\n  ```text\n  ## not a section\n  | not | a table |\n  ```\n", markdown, StringComparison.Ordinal);
        Assert.Equal(["## Metadata", "## Variables", "## Execution Plan", "## Plan Graph", "## Execution Log"], markdown.Split('\n').Where(l => l.StartsWith("## ", StringComparison.Ordinal)));
    }

    [Fact]
    public void Empty_fields_are_written_without_trailing_whitespace_and_read_back_empty()
    {
        // No tool mapping, no tool used, an empty component: each such "- **field**:" line ends at its colon.
        var state = Build("goal", ExecutionStatus.InProgress, null, ExecutionMode.Execution, DateTimeOffset.UnixEpoch, DateTimeOffset.UnixEpoch,
            [], [("", "", StepStatus.Completed, [], [], 0, 0, "none", 1, null)], [(1, DateTimeOffset.UnixEpoch, [], [], 0m, 0, null, [], 1)], [], []);

        var markdown = ExecutionStateMarkdownWriter.Render(state);

        Assert.DoesNotContain(markdown.Split('\n'), l => l.Length > 0 && char.IsWhiteSpace(l[^1]));
        Assert.Contains("- **tool_mapping**:\n", markdown, StringComparison.Ordinal);
        Assert.Contains("- **tool_used**:\n", markdown, StringComparison.Ordinal);
        Assert.Equal(Json(state), Json(ExecutionStateMarkdownParser.Parse(markdown)));
    }
}
