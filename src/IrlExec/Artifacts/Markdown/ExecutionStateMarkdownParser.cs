using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using System.Text.RegularExpressions;
using Markdig;
using Markdig.Syntax;

namespace IrlExec;

/// <summary>
/// Reads an <c>execution_state.md</c> back into an <see cref="ExecutionState"/> with Markdig: the files
/// <see cref="ExecutionStateMarkdownWriter"/> writes (exactly), and files written by hand or by an agent following the
/// seed template (its spellings: <c>FAILED</c>, <c>$0.05</c>, <c>3s</c>, <c>{{variable}}</c> inputs,
/// <c>`name`: value</c> variables). Damaged input raises <see cref="ExecutionDataException"/> naming the file, the line
/// and what was expected.
/// </summary>
public static partial class ExecutionStateMarkdownParser
{
    private static readonly MarkdownPipeline Pipeline = new MarkdownPipelineBuilder().UsePreciseSourceLocation().Build();

    /// <summary>Reads the file at <paramref name="path"/> (UTF-8; a byte order mark is allowed).</summary>
    /// <exception cref="ExecutionDataException">The file is not UTF-8 text, or not a valid execution state.</exception>
    public static ExecutionState ReadFile(string path) => Parse(ReadText(path), path);

    private static readonly System.Text.UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    // Bytes that are not UTF-8 would be read as U+FFFD and could parse: a damaged file must say so.
    private static string ReadText(string path)
    {
        var bytes = File.ReadAllBytes(path);
        var bom = bytes.AsSpan().StartsWith("\uFEFF"u8) ? 3 : 0;
        try
        {
            return StrictUtf8.GetString(bytes, bom, bytes.Length - bom);
        }
        catch (System.Text.DecoderFallbackException e)
        {
            var line = 1 + bytes.AsSpan(0, Math.Clamp(e.Index + bom, 0, bytes.Length)).Count((byte)'\n');
            throw new ExecutionDataException(path, line, "the file is not UTF-8 text (a byte that is not UTF-8 is on this line).", e);
        }
    }

    /// <summary>Parses <paramref name="markdown"/>; <paramref name="filePath"/> is only used in error messages.</summary>
    /// <exception cref="ExecutionDataException">The text is not a valid execution state.</exception>
    public static ExecutionState Parse(string markdown, string filePath = "execution_state.md")
    {
        ArgumentNullException.ThrowIfNull(markdown);
        return new Reader(markdown.ReplaceLineEndings("\n"), filePath).Read();
    }

    [GeneratedRegex(@"^\*\*(?<name>[A-Za-z_][A-Za-z0-9_]*)\*\*\s*:[ \t]*(?<value>.*)$", RegexOptions.Singleline | RegexOptions.CultureInvariant)]
    private static partial Regex FieldPattern();

    [GeneratedRegex(@"^(?:`(?<name>[^`]+)`|(?<name>[^:`\s][^:`]*?))\s*:[ \t]*(?<value>.*)$", RegexOptions.Singleline | RegexOptions.CultureInvariant)]
    private static partial Regex PairPattern();

    [GeneratedRegex(@"^Step\s+(?<order>\d+)\s*:\s*(?<name>.+)$", RegexOptions.CultureInvariant)]
    private static partial Regex StepHeadingPattern();

    [GeneratedRegex(@"^Step\s+(?<order>\d+)\s+Execution\s*[-–—]\s*(?<time>.+)$", RegexOptions.CultureInvariant)]
    private static partial Regex LogHeadingPattern();

    [GeneratedRegex(@"^Plan\s+Migration\s*[-–—]\s*(?<time>.+)$", RegexOptions.CultureInvariant | RegexOptions.IgnoreCase)]
    private static partial Regex MigrationHeadingPattern();

    private enum Section
    {
        None,
        Metadata,
        Variables,
        Plan,
        Log,
        Training,
        Signals,
        Other,
    }

    /// <summary>One <c>- label: value</c> list item: its raw first-paragraph text, its fenced block and nested list.</summary>
    private sealed record Item(int Line, string Text, FencedCodeBlock? Fence, ListBlock? Children);

    private sealed class Reader(string text, string path)
    {
        private readonly ExecutionState _state = new();
        private readonly HashSet<string> _metadataSeen = [];
        private readonly HashSet<Section> _sectionsSeen = [];
        private readonly HashSet<StepExecutionRecord> _toolUsedGiven = [];
        private int _metadataLine = 1;
        private bool _currentStepGiven;
        private string _title = "";

        public ExecutionState Read()
        {
            var document = Markdown.Parse(text, Pipeline);
            var section = Section.None;
            StepState? step = null;
            StepExecutionRecord? record = null;
            PlanMigrationRecord? migration = null;
            var sawTitle = false;
            foreach (var block in document)
            {
                CheckFences(block);
                if (block is HeadingBlock heading)
                {
                    var title = HeadingText(heading);
                    if (heading.Level == 1)
                    {
                        if (!title.StartsWith("Execution State:", StringComparison.OrdinalIgnoreCase))
                        {
                            throw Error(heading.Line + 1, $"expected the title '# Execution State: <goal>', found '# {title}'.");
                        }
                        _title = title["Execution State:".Length..].Trim();
                        sawTitle = true;
                        continue;
                    }
                    if (!sawTitle) throw Error(heading.Line + 1, "expected the title '# Execution State: <goal>' before any section.");
                    if (heading.Level == 2)
                    {
                        section = ToSection(title);
                        if (section != Section.Other && !_sectionsSeen.Add(section)) throw Error(heading.Line + 1, $"the section '## {title}' appears twice.");
                        if (section == Section.Metadata) _metadataLine = heading.Line + 1;
                        step = null;
                        record = null;
                        migration = null;
                        continue;
                    }
                    if (heading.Level == 3 && section == Section.Plan)
                    {
                        step = ReadStepHeading(heading, title);
                        continue;
                    }
                    if (heading.Level == 3 && section == Section.Log)
                    {
                        // Either a step attempt or a change of definition accepted on resume.
                        migration = ReadMigrationHeading(heading, title);
                        record = migration is null ? ReadLogHeading(heading, title) : null;
                        continue;
                    }
                    continue;
                }
                if (block is not ListBlock list) continue;
                switch (section)
                {
                    case Section.Metadata:
                        foreach (var item in Items(list)) ReadMetadata(item);
                        break;
                    case Section.Variables:
                        foreach (var item in Items(list)) ReadVariable(item);
                        break;
                    case Section.Plan when step is not null:
                        foreach (var item in Items(list)) ReadStepField(step, item);
                        break;
                    case Section.Log when record is not null:
                        foreach (var item in Items(list)) ReadLogField(record, item);
                        break;
                    case Section.Log when migration is not null:
                        foreach (var item in Items(list)) ReadMigrationField(migration, item);
                        break;
                    case Section.Training:
                        foreach (var item in Items(list)) ReadTrainingField(item);
                        break;
                    case Section.Signals:
                        foreach (var item in Items(list))
                        {
                            var (name, value) = Field(item);
                            if (name == "received") _state.Signals = JsonLines(item, value, ArtifactsJsonContext.Compact.SignalRecord);
                        }
                        break;
                }
            }
            if (!sawTitle) throw Error(1, "expected the title '# Execution State: <goal>'; the file is empty or not an execution state.");
            var lastLine = Math.Max(1, text.TrimEnd('\n').Count(c => c == '\n') + 1);
            foreach (var (required, heading) in new[] { (Section.Metadata, "Metadata"), (Section.Plan, "Execution Plan"), (Section.Log, "Execution Log") })
            {
                if (!_sectionsSeen.Contains(required)) throw Error(lastLine, $"expected a '## {heading}' section (the template's sections are Metadata, Variables, Execution Plan, Execution Log, Training Data); the file may be truncated.");
            }
            foreach (var field in new[] { "execution_id", "status", "mode" })
            {
                if (!_metadataSeen.Contains(field)) throw Error(_metadataLine, $"expected the field '- **{field}**: ...' in '## Metadata'.");
            }
            Finish();
            return _state;
        }

        private void Finish()
        {
            if (_state.Goal.Length == 0 && !_metadataSeen.Contains("goal")) _state.Goal = _title;
            if (!_metadataSeen.Contains("last_updated")) _state.LastUpdated = _state.ExecutionLog.Count > 0 ? _state.ExecutionLog.Max(r => r.Timestamp) : _state.StartTime;
            if (!_metadataSeen.Contains("start_time")) _state.StartTime = _state.LastUpdated;
            if (!_currentStepGiven)
            {
                var next = _state.Steps.OrderBy(s => s.Order).FirstOrDefault(s => s.Status != StepStatus.Completed);
                _state.CurrentStep = next?.Order ?? _state.Steps.Select(s => s.Order).DefaultIfEmpty(0).Max();
            }
            foreach (var record in _state.ExecutionLog)
            {
                var step = _state.FindStep(record.Step);
                if (step is not null && !_toolUsedGiven.Contains(record)) record.ToolUsed = step.ToolMapping;
            }
        }

        // ---- Sections ----

        private void ReadMetadata(Item item)
        {
            var (name, value) = Field(item);
            if (!_metadataSeen.Add(name)) throw Error(item.Line, $"the field '{name}' appears twice in '## Metadata'.");
            switch (name)
            {
                case "execution_id": _state.ExecutionId = Text(item, value); break;
                case "goal": _state.Goal = Text(item, value); break;
                case "status":
                    if (!StatusTransitions.TryParseExecutionStatus(Text(item, value), out var status))
                    {
                        throw Error(item.Line, $"expected an execution status (PLANNING, IN_PROGRESS, PAUSED, RESUMED, COMPLETED_SUCCESS, COMPLETED_FAILURE or FAILED), found '{value}'.");
                    }
                    _state.Status = status;
                    break;
                case "current_step": _state.CurrentStep = Integer(item, value, "a step number"); _currentStepGiven = true; break;
                case "start_time": _state.StartTime = Timestamp(item, value); break;
                case "last_updated": _state.LastUpdated = Timestamp(item, value); break;
                case "mode":
                    if (!WireNames.TryParseMode(Text(item, value), out var mode)) throw Error(item.Line, $"expected the mode SIMULATION or EXECUTION, found '{value}'.");
                    _state.Mode = mode;
                    break;
                case "workflow": _state.Workflow = Text(item, value); break;
                case "run_label": _state.RunLabel = Text(item, value); break;
                case "actor": _state.Actor = Text(item, value); break;
                case "status_reason": _state.StatusReason = Text(item, value); break;
                case "plan_version": _state.PlanVersion = Integer(item, value, "a version number"); break;
                case "plan_fingerprint": _state.PlanFingerprint = Text(item, value); break;
                case "waiting_for_signal": _state.WaitingForSignal = Text(item, value); break;
                case "wake_at": _state.WakeAt = Timestamp(item, value); break;
            }
        }

        private void ReadVariable(Item item)
        {
            var match = PairPattern().Match(item.Text);
            if (!match.Success) throw Error(item.Line, $"expected a variable as '- `name`: value', found '- {FirstLine(item.Text)}'.");
            var name = match.Groups["name"].Value.Trim();
            var value = match.Groups["value"].Value;
            if (_state.Variables.Any(v => v.Name == name)) throw Error(item.Line, $"the variable '{name}' appears twice.");
            VariableState variable;
            if (item.Fence is null) variable = MarkdownValueCodec.DecodeInlineVariable(name, JoinLines(value));
            else
            {
                var content = FenceContent(item.Fence);
                if (IsJsonInfo(item.Fence))
                {
                    if (!MarkdownValueCodec.IsJson(content)) throw Error(item.Fence.Line + 1, $"expected a JSON value in the ```json block of variable '{name}'.");
                    variable = new VariableState { Name = name, Json = MarkdownValueCodec.CanonicalJson(content) };
                }
                else variable = new VariableState { Name = name, Json = MarkdownValueCodec.CanonicalStringJson(content) };
            }
            _state.Variables.Add(variable);
        }

        private StepState ReadStepHeading(HeadingBlock heading, string title)
        {
            var match = StepHeadingPattern().Match(title);
            if (!match.Success) throw Error(heading.Line + 1, $"expected a step heading '### Step N: <Action Name>', found '### {title}'.");
            var order = ParseOrder(heading.Line + 1, match.Groups["order"].Value);
            if (_state.FindStep(order) is not null) throw Error(heading.Line + 1, $"step {order} is planned twice.");
            var step = new StepState { Order = order, Name = match.Groups["name"].Value.Trim(), SideEffects = "" };
            _state.Steps.Add(step);
            return step;
        }

        private StepExecutionRecord ReadLogHeading(HeadingBlock heading, string title)
        {
            var match = LogHeadingPattern().Match(title);
            if (!match.Success) throw Error(heading.Line + 1, $"expected an execution log heading '### Step N Execution - <timestamp>', found '### {title}'.");
            var order = ParseOrder(heading.Line + 1, match.Groups["order"].Value);
            if (_state.FindStep(order) is null) throw Error(heading.Line + 1, $"the execution log names step {order}, which is not in '## Execution Plan'.");
            if (!MarkdownValueCodec.TryParseTimestamp(match.Groups["time"].Value, out var time))
            {
                throw Error(heading.Line + 1, $"expected an ISO 8601 timestamp after 'Execution - ', found '{match.Groups["time"].Value}'.");
            }
            var record = new StepExecutionRecord { Step = order, Timestamp = time, Attempt = _state.ExecutionLog.Count(r => r.Step == order) + 1 };
            _state.ExecutionLog.Add(record);
            return record;
        }

        private PlanMigrationRecord? ReadMigrationHeading(HeadingBlock heading, string title)
        {
            var match = MigrationHeadingPattern().Match(title);
            if (!match.Success) return null;
            if (!MarkdownValueCodec.TryParseTimestamp(match.Groups["time"].Value, out var time))
            {
                throw Error(heading.Line + 1, $"expected an ISO 8601 timestamp after 'Plan Migration - ', found '{match.Groups["time"].Value}'.");
            }
            var migration = new PlanMigrationRecord { Timestamp = time, LogPosition = _state.ExecutionLog.Count };
            _state.PlanMigrations.Add(migration);
            return migration;
        }

        private void ReadMigrationField(PlanMigrationRecord migration, Item item)
        {
            var (name, value) = Field(item);
            switch (name)
            {
                case "kind":
                    var kind = Text(item, value).Trim();
                    migration.IsExplicit = kind.ToLowerInvariant() switch
                    {
                        "explicit" => true,
                        "compatible" => false,
                        _ => throw Error(item.Line, $"expected the migration kind 'compatible' or 'explicit', found '{kind}'."),
                    };
                    break;
                case "from_version": migration.FromVersion = Integer(item, value, "a version number"); break;
                case "to_version": migration.ToVersion = Integer(item, value, "a version number"); break;
                case "from_fingerprint": migration.FromFingerprint = Text(item, value); break;
                case "to_fingerprint": migration.ToFingerprint = Text(item, value); break;
                case "changes": migration.Changes = Strings(item, value); break;
            }
        }

        private void ReadStepField(StepState step, Item item)
        {
            var (name, value) = Field(item);
            switch (name)
            {
                case "component": step.Component = Text(item, value); break;
                case "tool_mapping": step.ToolMapping = Text(item, value); break;
                case "status":
                    if (!StatusTransitions.TryParseStepStatus(Text(item, value), out var status))
                    {
                        throw Error(item.Line, $"expected a step status (PENDING, RUNNING, COMPLETED, FAILED or PAUSED), found '{value}'.");
                    }
                    step.Status = status;
                    break;
                case "inputs": step.Inputs = Pairs(item, value); break;
                case "expected_outputs": step.ExpectedOutputs = Pairs(item, value); break;
                case "estimated_cost": step.EstimatedCost = Cost(item, value); break;
                case "estimated_time": step.EstimatedSeconds = Seconds(item, value); break;
                case "side_effects": step.SideEffects = Text(item, value); break;
                case "attempts": step.Attempts = Integer(item, value, "a number of attempts"); break;
                case "last_error": step.LastError = Text(item, value); break;
            }
        }

        private void ReadLogField(StepExecutionRecord record, Item item)
        {
            var (name, value) = Field(item);
            switch (name)
            {
                case "tool_used": record.ToolUsed = Text(item, value); _toolUsedGiven.Add(record); break;
                case "real_inputs": record.RealInputs = Pairs(item, value); break;
                case "real_outputs": record.RealOutputs = Pairs(item, value); break;
                case "actual_cost": record.ActualCost = Cost(item, value); break;
                case "actual_time": record.ActualSeconds = Seconds(item, value); break;
                case "errors":
                    // "none" (what the writer and the template use) or nothing at all means no error; an empty error
                    // text is written as a ```json block by the writer, so an empty inline value is never one.
                    var errors = item.Fence is null && (IsNone(value) || value.Trim().Length == 0) ? null : Text(item, value);
                    record.Errors = errors;
                    break;
                case "state_changes": record.StateChanges = Strings(item, value); break;
                case "attempt": record.Attempt = Integer(item, value, "an attempt number"); break;
                case "paused": record.PauseReason = Text(item, value); break;
            }
        }

        private void ReadTrainingField(Item item)
        {
            var (name, value) = Field(item);
            switch (name)
            {
                case "conversation_trace": _state.Training.ConversationTrace = JsonLines(item, value, ArtifactsJsonContext.Compact.ConversationMessage); break;
                case "tool_calls": _state.Training.ToolCalls = JsonLines(item, value, ArtifactsJsonContext.Compact.ToolCallRecord); break;
                case "state_transitions": _state.Training.StateTransitions = JsonLines(item, value, ArtifactsJsonContext.Compact.StateTransitionRecord); break;
            }
        }

        // ---- Values ----

        private (string Name, string Value) Field(Item item)
        {
            var match = FieldPattern().Match(item.Text);
            if (!match.Success) throw Error(item.Line, $"expected a field as '- **name**: value', found '- {FirstLine(item.Text)}'.");
            return (match.Groups["name"].Value.ToLowerInvariant(), match.Groups["value"].Value);
        }

        // A text value: inline, or the content of its ```text / ```json block.
        private string Text(Item item, string inline)
        {
            if (item.Fence is null) return JoinLines(inline);
            if (inline.Trim().Length > 0) throw Error(item.Line, "expected the value either after the field name or in the block below it, not both.");
            var content = FenceContent(item.Fence);
            if (!IsJsonInfo(item.Fence)) return content;
            // A JSON string is that string's text; an object or array (a shown value written readably) is its JSON.
            if (MarkdownValueCodec.FromJsonString(content) is { } decoded) return decoded;
            var start = content.AsSpan().TrimStart();
            if (!start.IsEmpty && start[0] is '{' or '[' && MarkdownValueCodec.IsJson(content)) return content;
            throw Error(item.Fence.Line + 1, "expected a JSON string, object or array in the ```json block.");
        }

        private List<NamedValue> Pairs(Item item, string inline)
        {
            var result = new List<NamedValue>();
            if (item.Children is null)
            {
                var value = JoinLines(inline).Trim();
                if (value.Length == 0 || IsNone(value)) return result;
                // Hand-written "name: value" on the field's own line.
                var match = PairPattern().Match(value);
                result.Add(match.Success ? new NamedValue(match.Groups["name"].Value.Trim(), match.Groups["value"].Value) : new NamedValue("", value));
                return result;
            }
            foreach (var child in Items(item.Children))
            {
                var match = PairPattern().Match(child.Text);
                if (!match.Success) throw Error(child.Line, $"expected an entry as '- name: value', found '- {FirstLine(child.Text)}'.");
                result.Add(new NamedValue(match.Groups["name"].Value.Trim(), Text(child, match.Groups["value"].Value)));
            }
            return result;
        }

        private List<string> Strings(Item item, string inline)
        {
            var result = new List<string>();
            if (item.Children is null)
            {
                var value = JoinLines(inline).Trim();
                if (value.Length > 0 && !IsNone(value)) result.Add(value);
                return result;
            }
            foreach (var child in Items(item.Children)) result.Add(Text(child, child.Text));
            return result;
        }

        private List<T> JsonLines<T>(Item item, string inline, JsonTypeInfo<T> typeInfo)
        {
            var result = new List<T>();
            if (item.Fence is null) return result; // "none", or a hand-written summary that cannot be rebuilt.
            var lines = FenceContent(item.Fence).Split('\n');
            for (var i = 0; i < lines.Length; i++)
            {
                if (lines[i].Trim().Length == 0) continue;
                try
                {
                    result.Add(JsonSerializer.Deserialize(lines[i], typeInfo) ?? throw new JsonException("null"));
                }
                catch (JsonException e)
                {
                    throw Error(item.Fence.Line + 2 + i, $"expected one JSON object per line in the block of '{FieldName(item)}': {e.Message}");
                }
            }
            return result;
        }

        private static string FieldName(Item item) => FieldPattern().Match(item.Text).Groups["name"].Value;

        private int Integer(Item item, string value, string what)
        {
            var textValue = Text(item, value).Trim();
            return int.TryParse(textValue, NumberStyles.None, CultureInfo.InvariantCulture, out var number)
                ? number
                : throw Error(item.Line, $"expected {what} (a whole number), found '{textValue}'.");
        }

        private decimal Cost(Item item, string value) =>
            MarkdownValueCodec.TryParseCost(Text(item, value), out var cost) ? cost : throw Error(item.Line, $"expected a cost such as '$0.05', found '{value}'.");

        private double Seconds(Item item, string value) =>
            MarkdownValueCodec.TryParseSeconds(Text(item, value), out var seconds) ? seconds : throw Error(item.Line, $"expected a duration such as '3s', found '{value}'.");

        private DateTimeOffset Timestamp(Item item, string value) =>
            MarkdownValueCodec.TryParseTimestamp(Text(item, value), out var time) ? time : throw Error(item.Line, $"expected an ISO 8601 timestamp such as '2026-02-08T00:47:25Z', found '{value}'.");

        private int ParseOrder(int line, string digits) =>
            int.TryParse(digits, NumberStyles.None, CultureInfo.InvariantCulture, out var order) && order > 0 ? order : throw Error(line, $"expected a step number from 1, found '{digits}'.");

        private static bool IsNone(string value) => string.Equals(value.Trim(), ExecutionStateMarkdownWriter.None, StringComparison.OrdinalIgnoreCase);

        private static bool IsJsonInfo(FencedCodeBlock fence) => string.Equals(fence.Info, MarkdownValueCodec.JsonFence, StringComparison.OrdinalIgnoreCase);

        // ---- Markdig helpers ----

        private IEnumerable<Item> Items(ListBlock list)
        {
            foreach (var block in list)
            {
                if (block is not ListItemBlock listItem) continue;
                string? first = null;
                FencedCodeBlock? fence = null;
                ListBlock? children = null;
                foreach (var child in listItem)
                {
                    switch (child)
                    {
                        case ParagraphBlock paragraph when first is null && fence is null:
                            first = Source(paragraph);
                            break;
                        case FencedCodeBlock fenced when fence is null:
                            fence = fenced;
                            break;
                        case ListBlock nested when children is null:
                            children = nested;
                            break;
                    }
                }
                yield return new Item(listItem.Line + 1, first ?? "", fence, children);
            }
        }

        private string Source(Block block) => block.Span.Length <= 0 ? "" : text.Substring(block.Span.Start, block.Span.Length);

        private string HeadingText(HeadingBlock heading) => Source(heading).Trim().TrimStart('#').TrimEnd('#').Trim();

        private static string FenceContent(FencedCodeBlock fence)
        {
            if (fence.Lines.Lines is null) return "";
            var lines = new string[fence.Lines.Count];
            for (var i = 0; i < lines.Length; i++) lines[i] = fence.Lines.Lines[i].Slice.ToString();
            return string.Join('\n', lines);
        }

        // A fenced block that never closes swallows the rest of the file: the file was truncated or damaged.
        private void CheckFences(Block block)
        {
            if (block is FencedCodeBlock fence && fence.ClosingFencedCharCount == 0)
            {
                throw Error(fence.Line + 1, $"the fenced block opened here ({new string(fence.FencedChar, fence.OpeningFencedCharCount)}{fence.Info}) is never closed; expected a closing fence (the file may be truncated).");
            }
            if (block is ContainerBlock container)
            {
                foreach (var child in container) CheckFences(child);
            }
        }

        // Continuation lines of a wrapped paragraph keep their line breaks, without the list indentation.
        private static string JoinLines(string value) =>
            value.Contains('\n', StringComparison.Ordinal) ? string.Join('\n', value.Split('\n').Select((l, i) => i == 0 ? l : l.Trim())) : value;

        private static string FirstLine(string value) => value.Split('\n')[0];

        private static Section ToSection(string title) => title.Trim().ToLowerInvariant() switch
        {
            "metadata" => Section.Metadata,
            "variables" => Section.Variables,
            "execution plan" => Section.Plan,
            "execution log" => Section.Log,
            "training data" => Section.Training,
            "signals" => Section.Signals,
            _ => Section.Other,
        };

        private ExecutionDataException Error(int line, string problem) => new(path, Math.Max(1, line), problem);
    }
}
