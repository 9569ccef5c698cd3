using System.Text;
using System.Text.Json;

namespace IrlExec;

/// <summary>
/// Exports training data as JSON Lines: one <see cref="TrainingExample"/> per EXECUTION-mode execution (simulations teach
/// nothing real and are skipped). Every text is passed through <see cref="SecretRedactor"/> once more on the way out.
/// </summary>
public static class TrainingDataExporter
{
    /// <summary>Whether <paramref name="state"/> yields a training example (EXECUTION mode only).</summary>
    public static bool IsExportable(ExecutionState state)
    {
        ArgumentNullException.ThrowIfNull(state);
        return state.Mode == ExecutionMode.Execution;
    }

    /// <summary>The training example of <paramref name="state"/>.</summary>
    /// <exception cref="ArgumentException">The execution ran in SIMULATION mode.</exception>
    public static TrainingExample ToExample(ExecutionState state)
    {
        if (!IsExportable(state)) throw new ArgumentException($"Execution '{state.ExecutionId}' ran in SIMULATION mode; only EXECUTION mode yields training data.", nameof(state));
        var example = new TrainingExample
        {
            ExecutionId = state.ExecutionId,
            Workflow = state.Workflow,
            Goal = SecretRedactor.Redact(state.Goal),
            Status = state.Status,
            StartTime = state.StartTime,
            LastUpdated = state.LastUpdated,
            ConversationTrace = state.Training.ConversationTrace,
            ToolCalls = state.Training.ToolCalls,
            StateTransitions = state.Training.StateTransitions,
            PerformanceMetrics = state.ComputeMetrics(),
        };
        foreach (var step in state.Steps)
        {
            var records = state.ExecutionLog.Where(r => r.Step == step.Order).ToList();
            example.Steps.Add(new TrainingStep
            {
                Order = step.Order,
                Name = step.Name,
                Component = step.Component,
                ToolMapping = step.ToolMapping,
                Status = step.Status,
                Attempts = step.Attempts,
                EstimatedCost = step.EstimatedCost,
                ActualCost = records.Sum(r => r.ActualCost),
                EstimatedSeconds = step.EstimatedSeconds,
                ActualSeconds = records.Sum(r => r.ActualSeconds),
                Inputs = records.LastOrDefault()?.RealInputs ?? [],
                Outputs = records.LastOrDefault(r => r.Errors is null)?.RealOutputs ?? [],
                Errors = records.Where(r => r.Errors is not null).Select(r => r.Errors!).ToList(),
            });
        }
        return example;
    }

    /// <summary>One JSONL line (without the newline) for <paramref name="state"/>.</summary>
    public static string ToJsonLine(ExecutionState state) =>
        SecretRedactor.Redact(JsonSerializer.Serialize(ToExample(state), ArtifactsJsonContext.Compact.TrainingExample));

    /// <summary>Writes one line per EXECUTION-mode state to <paramref name="writer"/>; returns how many were written.</summary>
    public static int Write(IEnumerable<ExecutionState> states, TextWriter writer)
    {
        ArgumentNullException.ThrowIfNull(states);
        ArgumentNullException.ThrowIfNull(writer);
        var count = 0;
        foreach (var state in states.Where(IsExportable))
        {
            writer.Write(ToJsonLine(state));
            writer.Write('\n');
            count++;
        }
        return count;
    }

    /// <summary>Writes the JSONL file at <paramref name="path"/> atomically; returns how many examples it holds.</summary>
    public static int WriteFile(IEnumerable<ExecutionState> states, string path)
    {
        using var writer = new StringWriter();
        var count = Write(states, writer);
        AtomicFile.WriteAllBytes(path, Encoding.UTF8.GetBytes(writer.ToString()));
        return count;
    }

    /// <summary>Reads a JSONL export back.</summary>
    /// <exception cref="ExecutionDataException">A line is not a training example (the message names file and line).</exception>
    public static List<TrainingExample> ReadFile(string path)
    {
        var result = new List<TrainingExample>();
        var lineNumber = 0;
        foreach (var line in File.ReadLines(path))
        {
            lineNumber++;
            if (line.Length == 0) continue;
            try
            {
                result.Add(JsonSerializer.Deserialize(line, ArtifactsJsonContext.Compact.TrainingExample) ?? throw new JsonException("the line is null"));
            }
            catch (JsonException e)
            {
                throw new ExecutionDataException(path, lineNumber, $"expected one training example (a JSON object) per line: {e.Message}", e);
            }
        }
        return result;
    }
}
