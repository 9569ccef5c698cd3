using System.Globalization;
using System.Text;
using System.Text.Json.Serialization;
using IrlExec;

namespace NightlyReport;

/// <summary>One table's row count for the night.</summary>
public sealed record TableCount(string Table, long Rows);

/// <summary>JSON metadata for the types IrlExec has no built-in metadata for (source-generated: no reflection).</summary>
[JsonSerializable(typeof(List<TableCount>))]
internal sealed partial class NightlyReportJson : JsonSerializerContext;

/// <summary>
/// Counts the rows of each table listed in <c>{{data_dir}}/tables.txt</c>, summarizes them and publishes a Markdown
/// report under <c>{{data_dir}}/reports/</c> — after a human approved it (the run pauses until then).
/// </summary>
[Workflow("nightly-report", Goal = "Publish the nightly report for {{day}}", JsonContext = typeof(NightlyReportJson))]
public partial class NightlyReportWorkflow
{
    /// <summary>The folder holding <c>tables.txt</c> (one <c>name rows</c> pair a line) and the reports.</summary>
    [Variable] public required string DataDir { get; init; }

    /// <summary>The report's day, e.g. <c>2026-02-08</c>.</summary>
    [Variable] public required string Day { get; init; }

    /// <summary>Whether a human approved publishing; the publish step pauses until this is true.</summary>
    [Variable] public bool Approved { get; init; }

    [Step(1, Component = "metrics.collect", Tool = "Read", EstimatedCost = 0.00, EstimatedSeconds = 1, SideEffects = "none")]
    public sealed partial class CollectCounts : IStep, ISimulatedStep
    {
        [Input(Template = "{{data_dir}}/tables.txt")] public string TablesFile { get; set; } = "";
        [Output(Description = "row count per table")] public List<TableCount> Counts { get; set; } = [];

        public async ValueTask ExecuteAsync(StepContext context, CancellationToken cancellationToken)
        {
            foreach (var line in await File.ReadAllLinesAsync(TablesFile, cancellationToken))
            {
                var parts = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
                if (parts.Length == 2) Counts.Add(new TableCount(parts[0], long.Parse(parts[1], CultureInfo.InvariantCulture)));
            }
            context.RecordToolCall("Read", TablesFile, $"{Counts.Count} tables");
            context.Log($"Counted {Counts.Count} tables");
        }

        public ValueTask SimulateAsync(StepContext context, CancellationToken cancellationToken)
        {
            Counts = [new TableCount("simulated", 0)];
            return ValueTask.CompletedTask;
        }
    }

    [Step(2, Component = "metrics.summarize", EstimatedCost = 0.01, EstimatedSeconds = 1, SideEffects = "none")]
    public sealed partial class Summarize : IStep, ISimulatedStep
    {
        [Input] public List<TableCount> Counts { get; set; } = [];
        [Input] public string Day { get; set; } = "";
        [Output] public long TotalRows { get; set; }
        [Output(Description = "the report in Markdown")] public string Report { get; set; } = "";

        public ValueTask ExecuteAsync(StepContext context, CancellationToken cancellationToken)
        {
            TotalRows = Counts.Sum(c => c.Rows);
            var report = new StringBuilder().Append("# Nightly report ").AppendLine(Day).AppendLine();
            foreach (var count in Counts) report.Append("- ").Append(count.Table).Append(": ").Append(count.Rows.ToString(CultureInfo.InvariantCulture)).AppendLine();
            report.Append("- total: ").Append(TotalRows.ToString(CultureInfo.InvariantCulture)).AppendLine();
            Report = report.ToString();
            context.ReportCost(0.01m);
            return ValueTask.CompletedTask;
        }

        public ValueTask SimulateAsync(StepContext context, CancellationToken cancellationToken) => ExecuteAsync(context, cancellationToken);
    }

    [Step(3, Component = "report.publish", Tool = "Write", EstimatedSeconds = 1, SideEffects = "writes {{data_dir}}/reports/<day>.md")]
    public sealed partial class Publish : IStep, ISimulatedStep
    {
        [Input] public string Report { get; set; } = "";
        [Input] public bool Approved { get; set; }
        [Input(Template = "{{data_dir}}/reports")] public string ReportsFolder { get; set; } = "";
        [Input] public string Day { get; set; } = "";
        [Output] public string PublishedTo { get; set; } = "";

        // The day is input: ConfinedPath keeps the report inside the reports folder ("../x" is refused, and the step
        // fails without a retry).
        private string ReportFile => ConfinedPath.Under(ReportsFolder, Day + ".md");

        public async ValueTask ExecuteAsync(StepContext context, CancellationToken cancellationToken)
        {
            if (!Approved)
            {
                context.Pause("waiting for approval: resume with --var approved=true");
                return;
            }
            var reportFile = ReportFile;
            Directory.CreateDirectory(Path.GetDirectoryName(reportFile)!);
            await File.WriteAllTextAsync(reportFile, Report, cancellationToken);
            context.RecordStateChange("created " + reportFile);
            PublishedTo = reportFile;
        }

        // SIMULATION: say where the report would go, write nothing.
        public ValueTask SimulateAsync(StepContext context, CancellationToken cancellationToken)
        {
            PublishedTo = "(simulated) " + ReportFile;
            return ValueTask.CompletedTask;
        }
    }
}
