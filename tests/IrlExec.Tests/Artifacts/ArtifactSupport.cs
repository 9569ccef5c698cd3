using IrlExec.Tests.Support;

namespace IrlExec.Tests.Artifacts;

/// <summary>Helpers shared by the artifact tests: state equality and a workflow that exercises every markdown field.</summary>
internal static class ArtifactSupport
{
    /// <summary>
    /// The compact JSON of a state: two states are equal when these are. Numbers are written in their shortest form,
    /// because a decimal's scale (0 against 0.00) is not part of its value, and $0.00 in the file has scale 2.
    /// </summary>
    public static string Json(ExecutionState state)
    {
        var json = System.Text.Json.JsonSerializer.SerializeToUtf8Bytes(state, IrlExec.Internal.HistoryJsonContext.Default.ExecutionState);
        using var document = System.Text.Json.JsonDocument.Parse(json);
        var buffer = new System.Buffers.ArrayBufferWriter<byte>();
        using (var writer = new System.Text.Json.Utf8JsonWriter(buffer)) Write(document.RootElement, writer);
        return System.Text.Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    private static void Write(System.Text.Json.JsonElement element, System.Text.Json.Utf8JsonWriter writer)
    {
        switch (element.ValueKind)
        {
            case System.Text.Json.JsonValueKind.Object:
                writer.WriteStartObject();
                foreach (var property in element.EnumerateObject())
                {
                    writer.WritePropertyName(property.Name);
                    Write(property.Value, writer);
                }
                writer.WriteEndObject();
                break;
            case System.Text.Json.JsonValueKind.Array:
                writer.WriteStartArray();
                foreach (var item in element.EnumerateArray()) Write(item, writer);
                writer.WriteEndArray();
                break;
            case System.Text.Json.JsonValueKind.Number when element.TryGetDecimal(out var number):
                writer.WriteNumberValue(number / 1.0000000000000000000000000000m);
                break;
            default:
                element.WriteTo(writer);
                break;
        }
    }

    public static string FixturePath(string name) => Path.Combine(AppContext.BaseDirectory, "Artifacts", "Fixtures", name);

    /// <summary>Two steps with inputs, outputs, cost, a tool call, a message and a state change.</summary>
    public static WorkflowDefinition Incidents(string name = "incident-approval") => TestWorkflow.Create(name,
        "Approve safe incidents for {{integration}}",
        [new VariablePlan { Name = "integration", IsRequired = true }],
        new StepSpec("list", (c, o) =>
        {
            c.Log("Listed 12 quarantined incidents for " + c.Variables.GetString("integration"));
            c.ReportCost(0.05m);
            c.RecordToolCall("Bash", "ls quarantine/", "12 files");
            c.RecordMessage("user", "List the incidents");
            c.RecordMessage("assistant", "Found 12 incidents");
            o["incidents"] = "a\nb | c";
            return ValueTask.CompletedTask;
        }) { Inputs = [("integration", "{{integration}}")], Outputs = ["incidents"], EstimatedCost = 0.01m, EstimatedSeconds = 2 },
        new StepSpec("approve", (c, o) =>
        {
            c.RecordStateChange("moved 8 files out of quarantine/");
            c.Log(ExecutionLogLevel.Warn, "Flagged incident for review (TYPE_MISMATCH)");
            o["summary"] = "8 approved, 2 flagged";
            return ValueTask.CompletedTask;
        }) { Inputs = [("incidents", "{{incidents}}")], Outputs = ["summary"], EstimatedSeconds = 3 });

    public static VariableStore Integration(string value = "finance_integration")
    {
        var variables = new VariableStore();
        variables.Set("integration", value);
        return variables;
    }
}
