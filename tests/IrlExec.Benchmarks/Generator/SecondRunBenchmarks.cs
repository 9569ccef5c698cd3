using BenchmarkDotNet.Attributes;
using IrlExec.Generators;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace IrlExec.Benchmarks.Generator;

/// <summary>
/// A second generator run after an edit of the corpus (<see cref="Edit"/>), with the driver state of a first run,
/// against the floor's second run. Each subclass is one kind of edit.
/// </summary>
public abstract class SecondRunBenchmarks
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

    /// <summary>The edited compilation the second run sees.</summary>
    protected abstract CSharpCompilation Edit(CSharpCompilation compilation);

    /// <summary>The "Re-emitted / sources" column for the three benchmarks, after <paramref name="edit"/>.</summary>
    protected static ReEmittedColumn ReEmitted(Func<CSharpCompilation, CSharpCompilation> edit) => new(new Dictionary<string, Lazy<(int, int)>>
    {
        [nameof(FloorSecondRun)] = new(() => GeneratorRuns.CountReEmitted(new FloorGenerator(), edit)),
        [nameof(SymbolWalkSecondRun)] = new(() => GeneratorRuns.CountReEmitted(new SymbolWalkGenerator(), edit)),
        [nameof(GeneratorSecondRun)] = new(() => GeneratorRuns.CountReEmitted(new WorkflowGenerator(), edit)),
    });

    private void FirstRun(IIncrementalGenerator generator)
    {
        var compilation = WorkflowCorpus.Compile(WorkflowCorpus.Parse());
        _driver = GeneratorRuns.CreateDriver(generator).RunGenerators(compilation);
        _edited = Edit(compilation);
    }
}
