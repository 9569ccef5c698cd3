using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Reports;
using BenchmarkDotNet.Running;
using IrlExec.Generators;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace IrlExec.Benchmarks.Generator;

/// <summary>
/// Benchmark 2, generator incremental: the second run after an edit inside one method body of the corpus, with the
/// driver state of a first run, against the floor's second run. The "Re-emitted" column counts the sources the
/// second run produced anew (target 0).
/// </summary>
[MemoryDiagnoser]
[Config(typeof(Config))]
public class GeneratorIncrementalBenchmarks
{
    private GeneratorDriver _driver = null!;
    private CSharpCompilation _edited = null!;

    [IterationSetup(Target = nameof(FloorSecondRun))]
    public void FloorFirstRun() => FirstRun(new FloorGenerator());

    [IterationSetup(Target = nameof(SymbolWalkSecondRun))]
    public void SymbolWalkFirstRun() => FirstRun(new SymbolWalkGenerator());

    [IterationSetup(Target = nameof(GeneratorSecondRun))]
    public void GeneratorFirstRun() => FirstRun(new WorkflowGenerator());

    [Benchmark(Baseline = true, Description = "floor: second run")]
    public GeneratorDriver FloorSecondRun() => _driver.RunGenerators(_edited);

    [Benchmark(Description = "symbol walk: second run")]
    public GeneratorDriver SymbolWalkSecondRun() => _driver.RunGenerators(_edited);

    [Benchmark(Description = "IrlExec generator: second run")]
    public GeneratorDriver GeneratorSecondRun() => _driver.RunGenerators(_edited);

    private void FirstRun(IIncrementalGenerator generator)
    {
        var compilation = WorkflowCorpus.Compile(WorkflowCorpus.Parse());
        _driver = GeneratorRuns.CreateDriver(generator).RunGenerators(compilation);
        _edited = WorkflowCorpus.EditMethodBody(compilation);
    }

    private sealed class Config : ManualConfig
    {
        public Config() => AddColumn(new ReEmittedColumn());
    }

    /// <summary>Counts re-emitted sources once, in the host process, with step tracking on (not in the timed runs).</summary>
    private sealed class ReEmittedColumn : IColumn
    {
        private static readonly Lazy<(int, int)> Generator = new(() => GeneratorRuns.CountReEmitted(new WorkflowGenerator()));
        private static readonly Lazy<(int, int)> SymbolWalk = new(() => GeneratorRuns.CountReEmitted(new SymbolWalkGenerator()));
        private static readonly Lazy<(int, int)> Floor = new(() => GeneratorRuns.CountReEmitted(new FloorGenerator()));

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
            var (reEmitted, total) = benchmarkCase.Descriptor.WorkloadMethod.Name == nameof(GeneratorSecondRun) ? Generator.Value
                    : benchmarkCase.Descriptor.WorkloadMethod.Name == nameof(SymbolWalkSecondRun) ? SymbolWalk.Value : Floor.Value;
            return $"{reEmitted} / {total}";
        }
    }
}
