using System.Globalization;
using System.Text;
using System.Text.Json;

namespace IrlExec;

/// <summary>
/// Renders an <see cref="ExecutionState"/> as <c>execution_state.md</c>, exactly in the seed template's structure:
/// <c># Execution State: goal</c>, <c>## Metadata</c>, <c>## Variables</c>, <c>## Execution Plan</c> with
/// <c>### Step N: Name</c> blocks, <c>## Execution Log</c> with <c>### Step N Execution - timestamp</c> blocks, and
/// <c>## Training Data</c> in EXECUTION mode. Fields IrlExec needs to resume (workflow, run_label, ...) follow the
/// template's fields. <see cref="ExecutionStateMarkdownParser"/> reads the result back into an equal state.
/// </summary>
public static class ExecutionStateMarkdownWriter
{
    /// <summary>Written for a list field with no entries, and for <c>errors</c> when there were none.</summary>
    public const string None = "none";

    /// <summary>Renders <paramref name="state"/>. Values are written as recorded (secrets are already <c>***</c>) and credential-looking text is masked.</summary>
    public static string Render(ExecutionState state) => new Renderer().Render(state);

    /// <summary>
    /// Renders one execution again and again, keeping the text of each step block, each execution log entry, each
    /// variable and each training record until it changes, so that a re-render after a step mostly copies cached text.
    /// Log entries and training records never change once written (the history only grows), so they are cached by
    /// position; steps and variables by their identity and the fields that can change.
    /// </summary>
    internal sealed class Renderer
    {
        private readonly Dictionary<int, (StepState Step, StepStatus Status, int Attempts, string? Error, string Text)> _steps = [];
        private readonly Dictionary<string, (string Json, bool Secret, string Text)> _variables = new(StringComparer.Ordinal);
        private readonly List<(StepExecutionRecord Record, string Text)> _log = [];
        private readonly JsonLineCache<ConversationMessage> _messages = new(ArtifactsJsonContext.Compact.ConversationMessage);
        private readonly JsonLineCache<ToolCallRecord> _toolCalls = new(ArtifactsJsonContext.Compact.ToolCallRecord);
        private readonly JsonLineCache<StateTransitionRecord> _transitions = new(ArtifactsJsonContext.Compact.StateTransitionRecord);
        private readonly JsonLineCache<SignalRecord> _signals = new(ArtifactsJsonContext.Compact.SignalRecord);
        private readonly StringBuilder _builder = new();
        private readonly StringBuilder _block = new(1024); // one step or log entry block at a time, copied out by ToString.
        // Rented from the shared pool and given back by ReturnBuffers: a long execution's file is hundreds of KB, and a new
        // array of that size per execution lands on the large object heap (a Gen2 collection every few runs).
        private byte[] _utf8 = [];
        private readonly Encoder _encoder = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false).GetEncoder();
        private int _length; // bytes of _utf8 written by the RenderUtf8 call in progress
        private bool _direct; // whether Build runs for RenderUtf8 (cached texts go straight into _utf8)
        private (StepState Step, string Name, List<NamedValue> Inputs, List<NamedValue> Outputs, int Order)[] _graphSteps = [];
        private string? _graphStructure;

        public string Render(ExecutionState state) => Build(state).ToString();

        /// <summary>
        /// The file as UTF-8, in a buffer this renderer reuses (valid until its next call): the same bytes as
        /// <c>Encoding.UTF8.GetBytes(Render(state))</c>, without the string and the array, which for a long execution
        /// would both land on the large object heap at every rewrite. The cached texts (steps, log entries, variables,
        /// the graph: nearly all of a long file) are encoded straight from their strings (<see cref="Cached"/>); the
        /// builder only ever holds the short texts between them.
        /// </summary>
        public ReadOnlyMemory<byte> RenderUtf8(ExecutionState state)
        {
            _encoder.Reset();
            _length = 0;
            _direct = true;
            try
            {
                Encode(Build(state));
            }
            finally
            {
                _direct = false;
            }
            Reserve(_length, Encoding.UTF8.GetMaxByteCount(1));
            _length += _encoder.GetBytes([], _utf8.AsSpan(_length), flush: true);
            return _utf8.AsMemory(0, _length);
        }

        // Appends a cached text: to the builder when rendering a string; when rendering UTF-8, after what the builder
        // holds, straight into the buffer (copying a long file's blocks into one builder first cost a second copy of the
        // whole file, and a builder array of its size at every rewrite).
        private void Cached(StringBuilder md, string text)
        {
            if (!_direct)
            {
                md.Append(text);
                return;
            }
            Encode(md);
            Encode(text.AsSpan());
        }

        // Encodes what the builder holds and empties it.
        private void Encode(StringBuilder md)
        {
            foreach (var chunk in md.GetChunks()) Encode(chunk.Span);
            md.Clear();
        }

        // A text may end inside a surrogate pair: the encoder keeps the half until the next text.
        private void Encode(ReadOnlySpan<char> text)
        {
            Reserve(_length, Encoding.UTF8.GetMaxByteCount(text.Length));
            _length += _encoder.GetBytes(text, _utf8.AsSpan(_length), flush: false);
        }

        /// <summary>Gives the UTF-8 buffer back to the shared pool (when the execution's views are done with this renderer).</summary>
        public void ReturnBuffers()
        {
            if (_utf8.Length > 0) System.Buffers.ArrayPool<byte>.Shared.Return(_utf8);
            _utf8 = [];
        }

        // Room for `more` bytes after the `length` written so far.
        private void Reserve(int length, int more)
        {
            if (_utf8.Length - length >= more) return;
            var bigger = System.Buffers.ArrayPool<byte>.Shared.Rent(Math.Max(length + more, 2 * _utf8.Length));
            _utf8.AsSpan(0, length).CopyTo(bigger);
            ReturnBuffers();
            _utf8 = bigger;
        }

        private StringBuilder Build(ExecutionState state)
        {
            ArgumentNullException.ThrowIfNull(state);
            // One builder per renderer, cleared: for RenderUtf8 it holds only the short texts between cached ones.
            var md = _builder.Clear();
            md.Append("# Execution State: ").Append(Title(state)).Append('\n');

            md.Append("\n## Metadata\n");
            Field(md, "", "execution_id", state.ExecutionId);
            Field(md, "", "goal", state.Goal);
            Plain(md, "status", StatusTransitions.ToWireName(state.Status));
            Plain(md, "current_step", Int(state.CurrentStep));
            Plain(md, "start_time", MarkdownValueCodec.FormatTimestamp(state.StartTime));
            Plain(md, "last_updated", MarkdownValueCodec.FormatTimestamp(state.LastUpdated));
            Field(md, "", "mode", state.Mode.ToWireName());
            Field(md, "", "workflow", state.Workflow);
            Field(md, "", "run_label", state.RunLabel);
            Field(md, "", "actor", state.Actor);
            if (state.StatusReason is not null) Field(md, "", "status_reason", MarkdownValueCodec.EncodeText(Redact(state.StatusReason), false, None));
            Plain(md, "plan_version", Int(state.PlanVersion));
            if (state.PlanFingerprint.Length > 0) Field(md, "", "plan_fingerprint", state.PlanFingerprint);
            if (state.WaitingForSignal is not null) Field(md, "", "waiting_for_signal", state.WaitingForSignal);
            if (state.WakeAt is { } wakeAt) Plain(md, "wake_at", MarkdownValueCodec.FormatTimestamp(wakeAt));

            md.Append("\n## Variables\n");
            if (state.Variables.Count == 0) md.Append("_(none)_\n");
            foreach (var variable in state.Variables) Cached(md, VariableText(variable));

            md.Append("\n## Execution Plan\n");
            foreach (var step in state.Steps)
            {
                Cached(md, StepText(step));
                BackgroundWork.Yield();
            }

            // Issue 8: the plan graph (the parser skips sections it does not know).
            md.Append("\n## Plan Graph\n\n");
            Cached(md, GraphStructure(state));
            PlanGraph.AppendHighlights(md, state);

            md.Append("\n## Execution Log\n");
            if (state.ExecutionLog.Count == 0 && state.PlanMigrations.Count == 0) md.Append("_(no step has finished yet)_\n");
            if (_log.Count > state.ExecutionLog.Count || (_log.Count > 0 && !ReferenceEquals(_log[^1].Record, state.ExecutionLog[_log.Count - 1]))) _log.Clear();
            // Plan migrations (rare) are not cached; each goes where it happened among the attempts.
            var migration = 0;
            for (var i = 0; i < state.ExecutionLog.Count; i++)
            {
                var record = state.ExecutionLog[i];
                while (migration < state.PlanMigrations.Count && state.PlanMigrations[migration].LogPosition <= i)
                {
                    md.Append(MigrationText(state.PlanMigrations[migration++]));
                }
                if (i < _log.Count && !ReferenceEquals(_log[i].Record, record)) _log.RemoveRange(i, _log.Count - i);
                if (i == _log.Count) _log.Add((record, LogEntryText(record)));
                Cached(md, _log[i].Text);
                BackgroundWork.Yield();
            }
            while (migration < state.PlanMigrations.Count) md.Append(MigrationText(state.PlanMigrations[migration++]));

            // Signals delivered to the execution (the parser reads them back); absent while none was.
            if (state.Signals.Count > 0)
            {
                md.Append("\n## Signals\n");
                _signals.Append(md, "received", state.Signals);
            }

            if (state.Mode == ExecutionMode.Execution)
            {
                md.Append("\n## Training Data\n");
                _messages.Append(md, "conversation_trace", state.Training.ConversationTrace);
                _toolCalls.Append(md, "tool_calls", state.Training.ToolCalls);
                _transitions.Append(md, "state_transitions", state.Training.StateTransitions);
                Field(md, "", "performance_metrics", JsonSerializer.Serialize(state.ComputeMetrics(), ArtifactsJsonContext.Compact.PerformanceMetrics));
            }
            return md;
        }

        // The plan graph's chart is the same until the plan changes (a migration, a restored state): it is kept while
        // the steps are the same objects with the same names, inputs and outputs; only its highlights are drawn each time.
        private string GraphStructure(ExecutionState state)
        {
            var steps = state.Steps;
            var same = _graphSteps.Length == steps.Count;
            for (var i = 0; same && i < steps.Count; i++)
            {
                var (step, name, inputs, outputs, order) = _graphSteps[i];
                same = ReferenceEquals(step, steps[i]) && ReferenceEquals(name, step.Name) && ReferenceEquals(inputs, step.Inputs) &&
                    ReferenceEquals(outputs, step.ExpectedOutputs) && order == step.Order;
            }
            if (same && _graphStructure is not null) return _graphStructure;
            _graphStructure = PlanGraph.Structure(state);
            _graphSteps = steps.Select(s => (s, s.Name, s.Inputs, s.ExpectedOutputs, s.Order)).ToArray();
            return _graphStructure;
        }

        private string VariableText(VariableState variable)
        {
            if (_variables.TryGetValue(variable.Name, out var cached) && ReferenceEquals(cached.Json, variable.Json) && cached.Secret == variable.IsSecret) return cached.Text;
            var md = new StringBuilder();
            Item(md, "", "`", variable.Name, "`:", Redact(MarkdownValueCodec.EncodeVariable(Redacted(variable))));
            var text = md.ToString();
            _variables[variable.Name] = (variable.Json, variable.IsSecret, text);
            return text;
        }

        private string StepText(StepState step)
        {
            if (_steps.TryGetValue(step.Order, out var cached) && ReferenceEquals(cached.Step, step) && cached.Status == step.Status &&
                cached.Attempts == step.Attempts && cached.Error == step.LastError)
            {
                return cached.Text;
            }
            var md = _block.Clear();
            md.Append("\n### Step ").Append(Int(step.Order)).Append(": ").Append(step.Name).Append('\n');
            Field(md, "", "component", step.Component);
            Field(md, "", "tool_mapping", step.ToolMapping);
            Plain(md, "status", StatusTransitions.ToWireName(step.Status));
            Pairs(md, "inputs", step.Inputs);
            Pairs(md, "expected_outputs", step.ExpectedOutputs);
            Plain(md, "estimated_cost", MarkdownValueCodec.FormatCost(step.EstimatedCost));
            Plain(md, "estimated_time", MarkdownValueCodec.FormatSeconds(step.EstimatedSeconds));
            Field(md, "", "side_effects", step.SideEffects);
            if (step.Attempts != 0) Plain(md, "attempts", Int(step.Attempts));
            if (step.LastError is not null) Field(md, "", "last_error", MarkdownValueCodec.EncodeText(Redact(step.LastError), false, None));
            var text = md.ToString();
            _steps[step.Order] = (step, step.Status, step.Attempts, step.LastError, text);
            return text;
        }

        private static string MigrationText(PlanMigrationRecord migration)
        {
            var md = new StringBuilder(256);
            md.Append("\n### Plan Migration - ").Append(MarkdownValueCodec.FormatTimestamp(migration.Timestamp)).Append('\n');
            Field(md, "", "kind", migration.IsExplicit ? "explicit" : "compatible");
            Field(md, "", "from_version", Int(migration.FromVersion));
            Field(md, "", "to_version", Int(migration.ToVersion));
            Field(md, "", "from_fingerprint", migration.FromFingerprint);
            Field(md, "", "to_fingerprint", migration.ToFingerprint);
            if (migration.Changes.Count == 0) Field(md, "", "changes", None);
            else
            {
                md.Append("- **changes**:\n");
                foreach (var change in migration.Changes) Item(md, "  ", "", "", "", MarkdownValueCodec.EncodeBareItem(Redact(change), None));
            }
            return md.ToString();
        }

        private string LogEntryText(StepExecutionRecord record)
        {
            var md = _block.Clear();
            md.Append("\n### Step ").Append(Int(record.Step)).Append(" Execution - ").Append(MarkdownValueCodec.FormatTimestamp(record.Timestamp)).Append('\n');
            Field(md, "", "tool_used", record.ToolUsed);
            Pairs(md, "real_inputs", record.RealInputs);
            Pairs(md, "real_outputs", record.RealOutputs);
            Plain(md, "actual_cost", MarkdownValueCodec.FormatCost(record.ActualCost));
            Plain(md, "actual_time", MarkdownValueCodec.FormatSeconds(record.ActualSeconds));
            Field(md, "", "errors", record.Errors is null ? new(None, null, null) : MarkdownValueCodec.EncodeText(Redact(record.Errors), false, None));
            if (record.StateChanges.Count == 0) Field(md, "", "state_changes", None);
            else
            {
                md.Append("- **state_changes**:\n");
                foreach (var change in record.StateChanges) Item(md, "  ", "", "", "", MarkdownValueCodec.EncodeBareItem(Redact(change), None));
            }
            Plain(md, "attempt", Int(record.Attempt));
            if (record.PauseReason is not null) Field(md, "", "paused", MarkdownValueCodec.EncodeText(Redact(record.PauseReason), false, None));
            return md.ToString();
        }
    }

    // The training lists only grow: each record's JSON line is rendered once; the fence is re-derived from the longest
    // backtick run seen so far.
    private sealed class JsonLineCache<T>(System.Text.Json.Serialization.Metadata.JsonTypeInfo<T> typeInfo)
    {
        private readonly List<(T Item, string Line)> _lines = [];
        private int _longestBacktickRun;

        public void Append(StringBuilder md, string name, List<T> items)
        {
            if (_lines.Count > items.Count || (_lines.Count > 0 && !ReferenceEquals(_lines[^1].Item, items[_lines.Count - 1])))
            {
                _lines.Clear();
                _longestBacktickRun = 0;
            }
            for (var i = _lines.Count; i < items.Count; i++)
            {
                var line = Redact(JsonSerializer.Serialize(items[i], typeInfo));
                _longestBacktickRun = Math.Max(_longestBacktickRun, MarkdownValueCodec.FenceFor(line).Length - 1);
                _lines.Add((items[i], line));
            }
            if (_lines.Count == 0)
            {
                Field(md, "", name, None);
                return;
            }
            var fence = new string('`', Math.Max(3, _longestBacktickRun + 1));
            md.Append("- **").Append(name).Append("**:\n  ").Append(fence).Append(MarkdownValueCodec.JsonLinesFence).Append('\n');
            foreach (var (_, line) in _lines) md.Append("  ").Append(line).Append('\n');
            md.Append("  ").Append(fence).Append('\n');
        }
    }

    private static readonly System.Buffers.SearchValues<char> LineBreaks = System.Buffers.SearchValues.Create("\r\n\f\v\u0085\u2028\u2029");

    private static string Title(ExecutionState state)
    {
        // The heading shows the goal's first line only (the goal field keeps it whole); any line break or control
        // character would end the heading early.
        var end = state.Goal.AsSpan().IndexOfAny(LineBreaks);
        var goal = new string((end < 0 ? state.Goal : state.Goal[..end]).Select(c => char.IsControl(c) ? ' ' : c).ToArray()).Trim();
        if (goal.Length == 0) goal = state.Workflow.Length > 0 ? state.Workflow : state.ExecutionId;
        return Redact(goal);
    }

    private static string Int(int value) => value.ToString(CultureInfo.InvariantCulture);

    private static string Redact(string text) => SecretRedactor.Redact(text);

    // Once more after encoding: a value re-written readably shows characters its JSON had escaped.
    private static MarkdownValueCodec.Encoded Redact(MarkdownValueCodec.Encoded value) =>
        new(value.Inline is null ? null : Redact(value.Inline), value.FenceInfo, value.FenceContent is null ? null : Redact(value.FenceContent));

    private static VariableState Redacted(VariableState variable) =>
        variable.IsSecret ? variable : new VariableState { Name = variable.Name, Json = Redact(variable.Json), IsSecret = false };

    private static void Field(StringBuilder md, string indent, string name, string value) =>
        Field(md, indent, name, MarkdownValueCodec.EncodeText(Redact(value), allowEmptyInline: true));

    // A value IrlExec formats itself (a status, a number, a time, a cost): never empty, one line of printable ASCII that
    // no credential pattern matches and no Markdown reading changes, so Field would write it as it is; this skips the scan.
    // MarkdownPlainFieldTests checks the claim for every formatter.
    internal static void Plain(StringBuilder md, string name, string value) =>
        md.Append("- **").Append(name).Append("**: ").Append(value).Append('\n');

    private static void Field(StringBuilder md, string indent, string name, MarkdownValueCodec.Encoded value) =>
        Item(md, indent, "**", name, "**:", value);

    // "- <label> <value>", or "- <label>" followed by the value's fenced block indented under the item. The label is
    // written in its three parts (e.g. "**", the name, "**:"), so that no label string is made per item.
    private static void Item(StringBuilder md, string indent, string open, string name, string close, MarkdownValueCodec.Encoded value)
    {
        var labelLength = open.Length + name.Length + close.Length;
        md.Append(indent).Append("- ").Append(open).Append(name).Append(close);
        if (value.IsInline)
        {
            if (value.Inline!.Length > 0) md.Append(labelLength > 0 ? " " : "").Append(value.Inline);
            md.Append('\n');
            return;
        }
        var content = value.FenceContent!;
        var fence = MarkdownValueCodec.FenceFor(content);
        var inner = indent + "  ";
        if (labelLength == 0) md.Append(fence).Append(value.FenceInfo).Append('\n');
        else md.Append('\n').Append(inner).Append(fence).Append(value.FenceInfo).Append('\n');
        foreach (var line in content.Split('\n'))
        {
            if (line.Length > 0) md.Append(inner).Append(line);
            md.Append('\n');
        }
        md.Append(inner).Append(fence).Append('\n');
    }

    private static void Pairs(StringBuilder md, string name, List<NamedValue> pairs)
    {
        if (pairs.Count == 0)
        {
            Field(md, "", name, None);
            return;
        }
        md.Append("- **").Append(name).Append("**:\n");
        foreach (var pair in pairs) Item(md, "  ", "", pair.Name, ":", Redact(MarkdownValueCodec.EncodeShownValue(Redact(pair.Value))));
    }
}
