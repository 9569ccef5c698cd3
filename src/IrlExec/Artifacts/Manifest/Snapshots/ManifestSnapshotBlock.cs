using System.Globalization;
using System.Text;
using System.Text.Json;

namespace IrlExec;

/// <summary>
/// The State Snapshots block of the manifest: the lines from <c>&lt;!-- irlexec:snapshot:begin --&gt;</c> to
/// <c>&lt;!-- irlexec:snapshot:end --&gt;</c>, which IrlExec rewrites whole. It shows, as of the last run that ended,
/// each workflow's finished executions (the last 24 h and its success rate) and the values workflows declare
/// (<see cref="IManifestSnapshot"/>). Its running counts are kept in the block itself, on one data comment line
/// (<c>&lt;!-- irlexec:snapshot:data {json} --&gt;</c>), so a run adds itself to them in the same atomic write that
/// moves its row, and never reads other executions' files. A README without the two markers gets no block.
/// </summary>
internal sealed class ManifestSnapshotBlock
{
    public const string BeginMarker = "<!-- irlexec:snapshot:begin";
    public const string EndMarker = "<!-- irlexec:snapshot:end";
    public const string DataMarker = "<!-- irlexec:snapshot:data ";

    /// <summary>How many hours the "24 h" counts cover: the hour of the last update and the 23 before it.</summary>
    public const int WindowHours = 24;

    private const int ValueLength = 200;

    private ManifestSnapshotBlock(ManifestSnapshotData? data, string? problem, int problemLine)
    {
        Data = data;
        Problem = problem;
        ProblemLine = problemLine;
    }

    /// <summary>The running counts and declared values; null when the block holds no readable data line (rebuild them then).</summary>
    public ManifestSnapshotData? Data { get; private set; }

    /// <summary>Why the data line could not be read (null when it could, or when there is none).</summary>
    public string? Problem { get; }

    /// <summary>The data line's line number in the README (1-based) when <see cref="Problem"/> is set.</summary>
    public int ProblemLine { get; }

    /// <summary>Whether the block must be rendered again.</summary>
    public bool Changed { get; private set; }

    /// <summary>Reads the block whose text is <paramref name="text"/> (from its begin line to its end line); <paramref name="firstLine"/> is the begin line's number.</summary>
    public static ManifestSnapshotBlock Parse(string text, int firstLine)
    {
        var lines = text.Split('\n');
        for (var i = lines.Length - 1; i >= 0; i--)
        {
            var line = lines[i].TrimEnd('\r').Trim();
            if (!line.StartsWith(DataMarker, StringComparison.Ordinal)) continue;
            var json = line[DataMarker.Length..];
            if (!json.EndsWith("-->", StringComparison.Ordinal)) return new ManifestSnapshotBlock(null, "the State Snapshots data line does not end with '-->'.", firstLine + i);
            try
            {
                return new ManifestSnapshotBlock(ManifestSnapshotData.FromJson(json[..^3].Trim()), null, 0);
            }
            catch (Exception e) when (e is JsonException or FormatException or InvalidOperationException or KeyNotFoundException or OverflowException)
            {
                return new ManifestSnapshotBlock(null, "the State Snapshots data line is damaged (" + e.Message + "); the next run recounts the finished executions from the histories.", firstLine + i);
            }
        }
        return new ManifestSnapshotBlock(null, null, 0);
    }

    /// <summary>Replaces the data (a recount from the histories); the block is rendered again unless <paramref name="render"/> is false.</summary>
    public void Reset(ManifestSnapshotData data, bool render = true)
    {
        Data = data;
        Changed |= render;
    }

    /// <summary>Marks the block for rendering (its data changed).</summary>
    public void Touch() => Changed = true;

    /// <summary>The block as the README shows it after rendering: unchanged from now on.</summary>
    public void Rendered() => Changed = false;

    /// <summary>The whole block, begin and end lines included, each line ending with <paramref name="newline"/>.</summary>
    public string Render(string newline)
    {
        var data = Data ?? new ManifestSnapshotData();
        var text = new StringBuilder();
        void Line(string line = "") => text.Append(line).Append(newline);

        Line(BeginMarker + " -->");
        if (data.LastUpdated is not { } updated)
        {
            Line("_No execution has finished yet._");
        }
        else
        {
            Line($"**Last Updated:** {LogLine.FormatTimestamp(updated)}");
            var counted = data.Workflows.Where(w => w.Value.Finished > 0).ToList();
            if (counted.Count > 0)
            {
                Line();
                Line("#### Executions");
                Line();
                Line("| Workflow | Succeeded (24 h) | Failed (24 h) | Success rate | Last finished |");
                Line("|----------|------------------|---------------|--------------|---------------|");
                foreach (var (name, workflow) in counted)
                {
                    var (ok, ko) = workflow.InWindow(updated);
                    var last = workflow.LastFinished is { } at ? LogLine.FormatTimestamp(at) + " " + (workflow.LastSucceeded ? ExecutionManifest.Complete : ExecutionManifest.Failed) : "-";
                    Line(ManifestCells.Join([ManifestCells.Escape(name), Number(ok), Number(ko), Rate(workflow.Succeeded, workflow.Finished), last]));
                }
                var succeeded = counted.Sum(w => w.Value.Succeeded);
                var finished = counted.Sum(w => w.Value.Finished);
                var window = counted.Select(w => w.Value.InWindow(updated)).ToList();
                Line();
                Line($"- **Success rate:** {Rate(succeeded, finished, " finished executions")}");
                Line($"- **Last 24 h:** {Number(window.Sum(w => w.Succeeded))} succeeded, {Number(window.Sum(w => w.Failed))} failed");
            }
            foreach (var (name, workflow) in data.Workflows)
            {
                if (workflow.ValuesAt is not { } at) continue;
                if (workflow.ValuesError is { } error)
                {
                    Line();
                    Line($"#### {OneLine(name)}");
                    Line();
                    Line($"_Its snapshot values could not be read after its run of {LogLine.FormatTimestamp(at)}: {OneLine(error)}_");
                    continue;
                }
                foreach (var section in workflow.Values.Select(v => v.Section).Distinct(StringComparer.Ordinal))
                {
                    Line();
                    Line($"#### {OneLine(section)}");
                    Line();
                    foreach (var value in workflow.Values.Where(v => v.Section == section)) Line($"- **{OneLine(value.Name)}:** {OneLine(value.Value)}");
                }
                Line();
                Line($"_Declared by {OneLine(name)}, after its run of {LogLine.FormatTimestamp(at)}._");
            }
        }
        Line();
        Line(DataMarker + data.ToJson() + " -->");
        Line(EndMarker + " -->");
        return text.ToString();
    }

    /// <summary>A value as one line of the README: line breaks as spaces, shortened, secrets masked.</summary>
    public static string OneLine(string value)
    {
        var line = SecretRedactor.Redact(value).ReplaceLineEndings(" ").Trim();
        return line.Length <= ValueLength ? line : line[..(ValueLength - 1)] + "…";
    }

    private static string Number(long value) => value.ToString(CultureInfo.InvariantCulture);

    /// <summary><c>75% (3 of 4)</c>, or <c>-</c> when nothing finished.</summary>
    internal static string Rate(long succeeded, long finished, string what = "") =>
        finished == 0 ? "-" : $"{Math.Round(100.0 * succeeded / finished, MidpointRounding.AwayFromZero).ToString(CultureInfo.InvariantCulture)}% ({Number(succeeded)} of {Number(finished)}{what})";
}

/// <summary>The counts and values behind the State Snapshots block (its data line).</summary>
internal sealed class ManifestSnapshotData
{
    private const int Version = 1;

    /// <summary>The time of the latest run that changed the block.</summary>
    public DateTimeOffset? LastUpdated { get; set; }

    /// <summary>Per workflow name.</summary>
    public SortedDictionary<string, WorkflowSnapshot> Workflows { get; } = new(StringComparer.Ordinal);

    /// <summary>The counts of every finished EXECUTION-mode execution of <paramref name="states"/>.</summary>
    public static ManifestSnapshotData Count(IEnumerable<ExecutionState> states)
    {
        var data = new ManifestSnapshotData();
        foreach (var state in states.OrderBy(s => s.LastUpdated)) data.Add(state);
        return data;
    }

    /// <summary>Counts <paramref name="state"/> when it finished in EXECUTION mode; returns whether it did.</summary>
    public bool Add(ExecutionState state)
    {
        if (state.Mode != ExecutionMode.Execution || !StatusTransitions.IsTerminal(state.Status)) return false;
        var workflow = Of(state.Workflow);
        var succeeded = state.Status == ExecutionStatus.CompletedSuccess;
        workflow.Count(state.LastUpdated, succeeded);
        Advance(state.LastUpdated);
        return true;
    }

    /// <summary>Sets the values <paramref name="workflowName"/> declared after its run of <paramref name="at"/> (or why they could not be read).</summary>
    public void SetValues(string workflowName, IReadOnlyList<ManifestSnapshotValue> values, string? error, DateTimeOffset at)
    {
        var workflow = Of(workflowName);
        // Kept as the README shows them: one line each, secrets masked (the data line is in the README too).
        workflow.Values = [.. values.Select(v => new ManifestSnapshotValue(ManifestSnapshotBlock.OneLine(v.Section), ManifestSnapshotBlock.OneLine(v.Name), ManifestSnapshotBlock.OneLine(v.Value)))];
        workflow.ValuesError = error is null ? null : ManifestSnapshotBlock.OneLine(error);
        workflow.ValuesAt = at;
        Advance(at);
    }

    /// <summary>The values <paramref name="from"/> holds for workflows (kept when the counts are rebuilt).</summary>
    public void KeepValuesOf(ManifestSnapshotData? from)
    {
        if (from is null) return;
        foreach (var (name, workflow) in from.Workflows)
        {
            if (workflow.ValuesAt is not { } at) continue;
            SetValues(name, workflow.Values, workflow.ValuesError, at);
        }
    }

    private WorkflowSnapshot Of(string name)
    {
        if (!Workflows.TryGetValue(name, out var workflow)) Workflows[name] = workflow = new WorkflowSnapshot();
        return workflow;
    }

    private void Advance(DateTimeOffset at)
    {
        if (LastUpdated is null || at > LastUpdated) LastUpdated = at;
        var newest = WorkflowSnapshot.HourOf(LastUpdated.Value);
        foreach (var workflow in Workflows.Values) workflow.Prune(newest);
    }

    /// <summary>One line of JSON: no line breaks, and no <c>&gt;</c> (escaped), so it cannot end its comment early.</summary>
    public string ToJson()
    {
        var buffer = new System.Buffers.ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = false }))
        {
            writer.WriteStartObject();
            writer.WriteNumber("v", Version);
            if (LastUpdated is { } updated) writer.WriteString("updated", UtcTimestamp(updated));
            writer.WriteStartArray("workflows");
            foreach (var (name, workflow) in Workflows)
            {
                writer.WriteStartObject();
                writer.WriteString("name", name);
                writer.WriteNumber("succeeded", workflow.Succeeded);
                writer.WriteNumber("failed", workflow.Failed);
                writer.WriteStartArray("hours");
                foreach (var (hour, (ok, ko)) in workflow.Hours)
                {
                    writer.WriteStartArray();
                    writer.WriteNumberValue(hour);
                    writer.WriteNumberValue(ok);
                    writer.WriteNumberValue(ko);
                    writer.WriteEndArray();
                }
                writer.WriteEndArray();
                if (workflow.LastFinished is { } last)
                {
                    writer.WriteString("last_finished", UtcTimestamp(last));
                    writer.WriteBoolean("last_succeeded", workflow.LastSucceeded);
                }
                if (workflow.ValuesAt is { } at)
                {
                    writer.WriteString("values_at", UtcTimestamp(at));
                    if (workflow.ValuesError is { } error) writer.WriteString("values_error", error);
                    writer.WriteStartArray("values");
                    foreach (var value in workflow.Values)
                    {
                        writer.WriteStartArray();
                        writer.WriteStringValue(value.Section);
                        writer.WriteStringValue(value.Name);
                        writer.WriteStringValue(value.Value);
                        writer.WriteEndArray();
                    }
                    writer.WriteEndArray();
                }
                writer.WriteEndObject();
            }
            writer.WriteEndArray();
            writer.WriteEndObject();
        }
        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    /// <summary>Reads <see cref="ToJson"/>'s output.</summary>
    /// <exception cref="JsonException">It is not that JSON.</exception>
    /// <exception cref="InvalidOperationException">A member has the wrong kind.</exception>
    /// <exception cref="KeyNotFoundException">A required member is missing.</exception>
    public static ManifestSnapshotData FromJson(string json)
    {
        using var document = JsonDocument.Parse(json);
        var root = document.RootElement;
        if (root.GetProperty("v").GetInt32() != Version) throw new FormatException($"version {root.GetProperty("v").GetInt32()} is not {Version}");
        var data = new ManifestSnapshotData();
        if (root.TryGetProperty("updated", out var updated)) data.LastUpdated = Time(updated);
        foreach (var item in root.GetProperty("workflows").EnumerateArray())
        {
            var workflow = new WorkflowSnapshot
            {
                Succeeded = item.GetProperty("succeeded").GetInt64(),
                Failed = item.GetProperty("failed").GetInt64(),
            };
            if (workflow.Succeeded < 0 || workflow.Failed < 0) throw new FormatException("a count is negative");
            foreach (var hour in item.GetProperty("hours").EnumerateArray())
            {
                workflow.Hours[hour[0].GetInt64()] = (hour[1].GetInt32(), hour[2].GetInt32());
            }
            if (item.TryGetProperty("last_finished", out var last))
            {
                workflow.LastFinished = Time(last);
                workflow.LastSucceeded = item.GetProperty("last_succeeded").GetBoolean();
            }
            if (item.TryGetProperty("values_at", out var at))
            {
                workflow.ValuesAt = Time(at);
                workflow.ValuesError = item.TryGetProperty("values_error", out var error) ? error.GetString() : null;
                workflow.Values = [.. item.GetProperty("values").EnumerateArray().Select(v => new ManifestSnapshotValue(v[0].GetString()!, v[1].GetString()!, v[2].GetString()!))];
            }
            data.Workflows[item.GetProperty("name").GetString()!] = workflow;
        }
        return data;
    }

    private static string UtcTimestamp(DateTimeOffset time) => time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.FFFFFFF'Z'", CultureInfo.InvariantCulture);

    private static DateTimeOffset Time(JsonElement element) =>
        DateTimeOffset.Parse(element.GetString() ?? throw new FormatException("a time is null"), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal);
}

/// <summary>One workflow's counts and declared values.</summary>
internal sealed class WorkflowSnapshot
{
    public long Succeeded { get; set; }

    public long Failed { get; set; }

    public long Finished => Succeeded + Failed;

    /// <summary>Finished executions per hour (hours since the Unix epoch, UTC): the last <see cref="ManifestSnapshotBlock.WindowHours"/> only.</summary>
    public SortedDictionary<long, (int Succeeded, int Failed)> Hours { get; } = [];

    public DateTimeOffset? LastFinished { get; set; }

    public bool LastSucceeded { get; set; }

    public List<ManifestSnapshotValue> Values { get; set; } = [];

    public DateTimeOffset? ValuesAt { get; set; }

    public string? ValuesError { get; set; }

    public static long HourOf(DateTimeOffset time) => time.ToUnixTimeSeconds() / 3600;

    public void Count(DateTimeOffset at, bool succeeded)
    {
        if (succeeded) Succeeded++;
        else Failed++;
        var hour = HourOf(at);
        Hours.TryGetValue(hour, out var counts);
        Hours[hour] = succeeded ? (counts.Succeeded + 1, counts.Failed) : (counts.Succeeded, counts.Failed + 1);
        if (LastFinished is null || at >= LastFinished)
        {
            LastFinished = at;
            LastSucceeded = succeeded;
        }
    }

    /// <summary>Drops the hours that no longer fall in the window ending at hour <paramref name="newest"/>.</summary>
    public void Prune(long newest)
    {
        foreach (var hour in Hours.Keys.Where(h => h <= newest - ManifestSnapshotBlock.WindowHours).ToList()) Hours.Remove(hour);
    }

    /// <summary>The executions that finished in the window ending at <paramref name="now"/>'s hour.</summary>
    public (long Succeeded, long Failed) InWindow(DateTimeOffset now)
    {
        var newest = HourOf(now);
        long ok = 0, ko = 0;
        foreach (var (hour, counts) in Hours)
        {
            if (hour <= newest - ManifestSnapshotBlock.WindowHours || hour > newest) continue;
            ok += counts.Succeeded;
            ko += counts.Failed;
        }
        return (ok, ko);
    }
}
