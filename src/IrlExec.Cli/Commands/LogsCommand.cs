using System.CommandLine;

namespace IrlExec.Cli.Commands;

/// <summary>
/// <c>irlexec logs [&lt;workflow&gt;] [--level WARN] [--tail N] [--follow]</c>: the lines of <c>execution/logs/*.log</c>
/// in time order, filtered by workflow and minimum level; <c>--follow</c> keeps printing new lines until Ctrl+C.
/// Lines are parsed with the SDK's <see cref="LogLine"/>; a line not in the log format is reported as file:line on
/// stderr (exit 5) and the others are still shown.
/// </summary>
internal static partial class LogsCommand
{
    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(250);

    public static Command Create(HandlerFactory handlers)
    {
        var workflow = new Argument<string?>("workflow") { Description = "Only lines of this workflow (e.g. incident-approval).", Arity = ArgumentArity.ZeroOrOne };
        var level = new Option<string>("--level") { Description = "Minimum level: DEBUG, INFO, WARN or ERROR.", DefaultValueFactory = _ => "DEBUG" };
        level.AcceptOnlyFromAmong("DEBUG", "INFO", "WARN", "WARNING", "ERROR", "debug", "info", "warn", "warning", "error");
        var tail = new Option<int>("--tail") { Description = "Show only the last N matching lines (0: all).", DefaultValueFactory = _ => 0 }
            .AtLeast(0, value => $"--tail must be 0 (all) or more, not {value}.");
        var follow = new Option<bool>("--follow", "-f") { Description = "Keep printing new lines as they are written (Ctrl+C stops)." };
        var command = new Command("logs", "Show execution log lines, filtered by workflow and level; --follow to watch.") { workflow, level, tail, follow };
        handlers.Set(command, (context, cancellationToken) =>
        {
            if (!WireNames.TryParseLevel(context.Value(level), out var minimum)) throw CliException.Usage($"--level {context.Value(level)} is not DEBUG, INFO, WARN or ERROR.");
            if (context.Store is not null && context.Value(follow)) throw CliException.Usage("--follow watches the log files of a root folder; with --store, run 'irlexec logs' again to see new lines.");
            var filter = new Filter(context.Value(workflow), minimum);
            return RunAsync(context, filter, context.Value(tail), context.Value(follow), cancellationToken);
        }, StoreUse.RenderedViews);
        return command;
    }

    private sealed record Filter(string? Workflow, ExecutionLogLevel Minimum)
    {
        public bool Matches(LogLine line) => line.Level >= Minimum && (Workflow is null || line.Workflow == Workflow);
    }

    private sealed record Entry(LogLine Line, string File, int Number);

    private static async Task<int> RunAsync(CommandContext context, Filter filter, int tail, bool follow, CancellationToken cancellationToken)
    {
        var layout = context.RequireExecutionFolder();
        var reader = new LogFolderReader(layout.LogsDirectory);
        var damaged = false;
        var entries = reader.ReadNew(problem => { damaged = true; ReportDamaged(context, problem); })
            .Where(e => filter.Matches(e.Line)).OrderBy(e => e.Line.Timestamp).ThenBy(e => FileRank(e.File)).ToList();
        if (tail > 0 && entries.Count > tail) entries = entries.Skip(entries.Count - tail).ToList();
        if (!follow)
        {
            // A last line without its newline: a process stopped while writing it (validate gives the same warning).
            foreach (var (file, line) in reader.Incomplete) await context.Console.Error.WriteLineAsync($"warning: {file}:{line}: {MarkdownAndLogChecks.TornLogLine}").ConfigureAwait(false);
        }

        if (context.Json && !follow)
        {
            context.Console.Out.WriteLine("[" + string.Join(",", entries.Select(e => "\n  " + Json(e))) + (entries.Count > 0 ? "\n" : "") + "]");
        }
        else
        {
            foreach (var entry in entries) Print(context, entry);
            if (entries.Count == 0 && !follow && !context.Json) context.Renderer.Line("(no log lines" + (filter.Workflow is null ? "" : " for " + filter.Workflow) + ")");
        }
        if (follow)
        {
            try
            {
                while (true)
                {
                    await Task.Delay(PollInterval, cancellationToken).ConfigureAwait(false);
                    foreach (var entry in reader.ReadNew(problem => ReportDamaged(context, problem)).Where(e => filter.Matches(e.Line)).OrderBy(e => e.Line.Timestamp).ThenBy(e => FileRank(e.File)))
                    {
                        Print(context, entry);
                    }
                    await context.Console.Out.FlushAsync(cancellationToken).ConfigureAwait(false);
                }
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                return damaged ? ExitCodes.DamagedFile : ExitCodes.Ok; // Ctrl+C is how --follow ends
            }
        }
        return damaged ? ExitCodes.DamagedFile : ExitCodes.Ok;
    }

    // Log times are whole seconds. Within one second, an execution's own log (<workflow>-<yyyy-MM-dd>-<NNN>.log, which
    // opens with the run's [start]) comes before other files, such as the audit log a step appends to while it runs;
    // each file keeps its own order (the sort is stable, and files are read in name order).
    private static int FileRank(string file) => ExecutionLogName().IsMatch(Path.GetFileName(file)) ? 0 : 1;

    [System.Text.RegularExpressions.GeneratedRegex(@"-\d{4}-\d{2}-\d{2}-\d{3,}\.log$")]
    private static partial System.Text.RegularExpressions.Regex ExecutionLogName();

    private static void ReportDamaged(CommandContext context, string problem) => context.Console.Error.WriteLine("damaged file: " + problem);

    private static void Print(CommandContext context, Entry entry)
    {
        if (context.Json)
        {
            context.Console.Out.WriteLine(Json(entry)); // --follow --json: one JSON object per line
            return;
        }
        var text = entry.Line.Format();
        switch (entry.Line.Level)
        {
            case ExecutionLogLevel.Error: context.Renderer.Problem(text); break;
            case ExecutionLogLevel.Warn: context.Renderer.Warning(text); break;
            default: context.Renderer.Line(text); break;
        }
    }

    private static string Json(Entry e) => System.Text.Json.JsonSerializer.Serialize(
        new LogEntryDocument(LogLine.FormatTimestamp(e.Line.Timestamp), e.Line.Level.ToWireName(), e.Line.Workflow, e.Line.Step, e.Line.Message, e.File, e.Number),
        CliJson.Compact.LogEntryDocument);

    /// <summary>Reads the complete lines added to each log file since the last call (files that appear later included).</summary>
    private sealed class LogFolderReader(string directory)
    {
        private static readonly System.Text.UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);
        private readonly Dictionary<string, (long Offset, int Lines)> _positions = new(StringComparer.Ordinal);

        /// <summary>The files whose last line had no newline at the last read, with that line's number.</summary>
        public Dictionary<string, int> Incomplete { get; } = new(StringComparer.Ordinal);

        public List<Entry> ReadNew(Action<string> onDamaged)
        {
            var entries = new List<Entry>();
            if (!Directory.Exists(directory)) return entries;
            foreach (var file in Directory.EnumerateFiles(directory, "*.log").Order(StringComparer.Ordinal))
            {
                var (offset, lineNumber) = _positions.GetValueOrDefault(file);
                using var stream = new FileStream(file, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
                if (stream.Length < offset) (offset, lineNumber) = (0, 0); // replaced or truncated: read again
                stream.Seek(offset, SeekOrigin.Begin);
                var buffer = new byte[stream.Length - offset];
                stream.ReadExactly(buffer);
                // Only complete lines: a line still being written is read on the next call.
                var end = Array.LastIndexOf(buffer, (byte)'\n') + 1;
                if (end < buffer.Length) Incomplete[file] = lineNumber + 1 + buffer.AsSpan(0, end).Count((byte)'\n');
                else Incomplete.Remove(file);
                string text;
                try
                {
                    text = StrictUtf8.GetString(buffer, 0, end).TrimStart('\uFEFF');
                }
                catch (System.Text.DecoderFallbackException e)
                {
                    // As validate says it: the bytes are damaged. The lines before them are still shown.
                    var bad = Math.Clamp(e.Index, 0, end);
                    var cut = Array.LastIndexOf(buffer, (byte)'\n', Math.Max(0, bad - 1)) + 1;
                    onDamaged($"{file}:{lineNumber + 1 + buffer.AsSpan(0, cut).Count((byte)'\n')}: the log is not UTF-8 text (a byte that is not UTF-8 is on this line).");
                    text = System.Text.Encoding.UTF8.GetString(buffer, 0, cut).TrimStart('\uFEFF');
                    end = cut;
                    Incomplete.Remove(file);
                }
                var lines = text.Split('\n');
                foreach (var raw in lines.AsSpan(0, lines.Length - 1))
                {
                    lineNumber++;
                    if (raw.Length == 0) continue;
                    var line = LogLine.TryParse(raw.TrimEnd('\r'), out var problem);
                    if (line is null) onDamaged($"{file}:{lineNumber}: {problem}");
                    else entries.Add(new Entry(line, file, lineNumber));
                }
                _positions[file] = (offset + end, lineNumber);
            }
            return entries;
        }
    }
}
