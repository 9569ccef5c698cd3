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
    public static string Render(ExecutionState state)
    {
        ArgumentNullException.ThrowIfNull(state);
        var md = new StringBuilder(4096);
        md.Append("# Execution State: ").Append(Title(state)).Append('\n');

        md.Append("\n## Metadata\n");
        Field(md, "", "execution_id", state.ExecutionId);
        Field(md, "", "goal", state.Goal);
        Field(md, "", "status", StatusTransitions.ToWireName(state.Status));
        Field(md, "", "current_step", Int(state.CurrentStep));
        Field(md, "", "start_time", MarkdownValueCodec.FormatTimestamp(state.StartTime));
        Field(md, "", "last_updated", MarkdownValueCodec.FormatTimestamp(state.LastUpdated));
        Field(md, "", "mode", state.Mode.ToWireName());
        Field(md, "", "workflow", state.Workflow);
        Field(md, "", "run_label", state.RunLabel);
        Field(md, "", "actor", state.Actor);
        if (state.StatusReason is not null) Field(md, "", "status_reason", MarkdownValueCodec.EncodeText(Redact(state.StatusReason), false, None));
        Field(md, "", "plan_version", Int(state.PlanVersion));
        if (state.PlanFingerprint.Length > 0) Field(md, "", "plan_fingerprint", state.PlanFingerprint);

        md.Append("\n## Variables\n");
        if (state.Variables.Count == 0) md.Append("_(none)_\n");
        foreach (var variable in state.Variables)
        {
            Item(md, "", "`" + variable.Name + "`:", MarkdownValueCodec.EncodeVariable(Redacted(variable)));
        }

        md.Append("\n## Execution Plan\n");
        foreach (var step in state.Steps)
        {
            md.Append("\n### Step ").Append(Int(step.Order)).Append(": ").Append(step.Name).Append('\n');
            Field(md, "", "component", step.Component);
            Field(md, "", "tool_mapping", step.ToolMapping);
            Field(md, "", "status", StatusTransitions.ToWireName(step.Status));
            Pairs(md, "inputs", step.Inputs);
            Pairs(md, "expected_outputs", step.ExpectedOutputs);
            Field(md, "", "estimated_cost", MarkdownValueCodec.FormatCost(step.EstimatedCost));
            Field(md, "", "estimated_time", MarkdownValueCodec.FormatSeconds(step.EstimatedSeconds));
            Field(md, "", "side_effects", step.SideEffects);
            if (step.Attempts != 0) Field(md, "", "attempts", Int(step.Attempts));
            if (step.LastError is not null) Field(md, "", "last_error", MarkdownValueCodec.EncodeText(Redact(step.LastError), false, None));
        }

        md.Append("\n## Execution Log\n");
        if (state.ExecutionLog.Count == 0) md.Append("_(no step has finished yet)_\n");
        foreach (var record in state.ExecutionLog)
        {
            md.Append("\n### Step ").Append(Int(record.Step)).Append(" Execution - ").Append(MarkdownValueCodec.FormatTimestamp(record.Timestamp)).Append('\n');
            Field(md, "", "tool_used", record.ToolUsed);
            Pairs(md, "real_inputs", record.RealInputs);
            Pairs(md, "real_outputs", record.RealOutputs);
            Field(md, "", "actual_cost", MarkdownValueCodec.FormatCost(record.ActualCost));
            Field(md, "", "actual_time", MarkdownValueCodec.FormatSeconds(record.ActualSeconds));
            Field(md, "", "errors", record.Errors is null ? new(None, null, null) : MarkdownValueCodec.EncodeText(Redact(record.Errors), false, None));
            if (record.StateChanges.Count == 0) Field(md, "", "state_changes", None);
            else
            {
                md.Append("- **state_changes**:\n");
                foreach (var change in record.StateChanges) Item(md, "  ", "", MarkdownValueCodec.EncodeText(Redact(change), false, None));
            }
            Field(md, "", "attempt", Int(record.Attempt));
        }

        if (state.Mode == ExecutionMode.Execution)
        {
            md.Append("\n## Training Data\n");
            JsonLines(md, "conversation_trace", state.Training.ConversationTrace, ArtifactsJsonContext.Compact.ConversationMessage);
            JsonLines(md, "tool_calls", state.Training.ToolCalls, ArtifactsJsonContext.Compact.ToolCallRecord);
            JsonLines(md, "state_transitions", state.Training.StateTransitions, ArtifactsJsonContext.Compact.StateTransitionRecord);
            Field(md, "", "performance_metrics", JsonSerializer.Serialize(state.ComputeMetrics(), ArtifactsJsonContext.Compact.PerformanceMetrics));
        }
        return md.ToString();
    }

    private static string Title(ExecutionState state)
    {
        var goal = state.Goal.Split('\n')[0].Trim();
        if (goal.Length == 0) goal = state.Workflow.Length > 0 ? state.Workflow : state.ExecutionId;
        return Redact(goal);
    }

    private static string Int(int value) => value.ToString(CultureInfo.InvariantCulture);

    private static string Redact(string text) => SecretRedactor.Redact(text);

    private static VariableState Redacted(VariableState variable) =>
        variable.IsSecret ? variable : new VariableState { Name = variable.Name, Json = Redact(variable.Json), IsSecret = false };

    private static void Field(StringBuilder md, string indent, string name, string value) =>
        Field(md, indent, name, MarkdownValueCodec.EncodeText(Redact(value), allowEmptyInline: true));

    private static void Field(StringBuilder md, string indent, string name, MarkdownValueCodec.Encoded value) =>
        Item(md, indent, "**" + name + "**:", value);

    // "- <label> <value>", or "- <label>" followed by the value's fenced block indented under the item.
    private static void Item(StringBuilder md, string indent, string label, MarkdownValueCodec.Encoded value)
    {
        md.Append(indent).Append("- ").Append(label);
        if (value.IsInline)
        {
            if (value.Inline!.Length > 0) md.Append(label.Length > 0 ? " " : "").Append(value.Inline);
            md.Append('\n');
            return;
        }
        var content = value.FenceContent!;
        var fence = MarkdownValueCodec.FenceFor(content);
        var inner = indent + "  ";
        if (label.Length == 0) md.Append(fence).Append(value.FenceInfo).Append('\n');
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
        foreach (var pair in pairs) Item(md, "  ", pair.Name + ":", MarkdownValueCodec.EncodeText(Redact(pair.Value), allowEmptyInline: true));
    }

    private static void JsonLines<T>(StringBuilder md, string name, List<T> items, System.Text.Json.Serialization.Metadata.JsonTypeInfo<T> typeInfo)
    {
        if (items.Count == 0)
        {
            Field(md, "", name, None);
            return;
        }
        var lines = string.Join('\n', items.Select(item => Redact(JsonSerializer.Serialize(item, typeInfo))));
        Item(md, "", "**" + name + "**:", new MarkdownValueCodec.Encoded(null, MarkdownValueCodec.JsonLinesFence, lines));
    }
}
