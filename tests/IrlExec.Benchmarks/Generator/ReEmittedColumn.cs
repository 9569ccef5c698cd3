using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Reports;
using BenchmarkDotNet.Running;

namespace IrlExec.Benchmarks.Generator;

/// <summary>
/// The "Re-emitted / sources" column of the second-run benchmarks: counted once per benchmark method, in the host
/// process, with step tracking on (never in the timed runs).
/// </summary>
public sealed class ReEmittedColumn(IReadOnlyDictionary<string, Lazy<(int ReEmitted, int Total)>> countsByMethod) : IColumn
{
    public string Id => "ReEmitted";
    public string ColumnName => "Re-emitted / sources";
    public bool AlwaysShow => true;
    public ColumnCategory Category => ColumnCategory.Custom;
    public int PriorityInCategory => 0;
    public bool IsNumeric => false;
    public UnitType UnitType => UnitType.Dimensionless;
    public string Legend => "Sources the second run emitted anew (New/Modified output steps) / sources in the output";
    public bool IsDefault(Summary summary, BenchmarkCase benchmarkCase) => false;
    public bool IsAvailable(Summary summary) => true;
    public string GetValue(Summary summary, BenchmarkCase benchmarkCase) => GetValue(summary, benchmarkCase, SummaryStyle.Default);

    public string GetValue(Summary summary, BenchmarkCase benchmarkCase, SummaryStyle style)
    {
        var (reEmitted, total) = countsByMethod[benchmarkCase.Descriptor.WorkloadMethod.Name].Value;
        return $"{reEmitted} / {total}";
    }
}
