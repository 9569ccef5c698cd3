using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
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
// As for the cold runs: after a short job's 3 warm-up runs the floor's second run was still tiering up in the JIT
// (about 20 ms, against under 4 ms warm), which flattered the ratio.
[WarmupCount(50)]
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
        public Config() => AddColumn(new ReEmittedColumn(new Dictionary<string, Lazy<(int, int)>>
        {
            [nameof(FloorSecondRun)] = new(() => GeneratorRuns.CountReEmitted(new FloorGenerator())),
            [nameof(SymbolWalkSecondRun)] = new(() => GeneratorRuns.CountReEmitted(new SymbolWalkGenerator())),
            [nameof(GeneratorSecondRun)] = new(() => GeneratorRuns.CountReEmitted(new WorkflowGenerator())),
        }));
    }
}
