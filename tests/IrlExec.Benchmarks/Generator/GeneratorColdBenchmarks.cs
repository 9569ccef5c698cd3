using BenchmarkDotNet.Attributes;
using IrlExec.Generators;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace IrlExec.Benchmarks.Generator;

/// <summary>
/// Benchmark 1, generator cold: a first run over <see cref="WorkflowCorpus"/> (1,000 steps in 100 workflows, plus
/// 100 unrelated files) on a freshly parsed, never-bound compilation, against <see cref="FloorGenerator"/>; two
/// reference points beside it: <see cref="SymbolWalkGenerator"/> (what reading the declarations from symbols costs)
/// and <see cref="OutputFloorGenerator"/> (what adding the generated sources alone costs).
/// </summary>
[MemoryDiagnoser]
// Each invocation is one cold run (a new compilation), so a short job's 3 warm-up runs leave the generator, the floor
// and Roslyn's binder still tiering up in the JIT: after 20 warm-up runs, the generator's next 20 still fell from 229
// to 110 ms. A compiler server (dotnet build, the IDE) runs them warm; 50 warm-up runs measure that.
[WarmupCount(50)]
public class GeneratorColdBenchmarks
{
    private CSharpCompilation _compilation = null!;

    [GlobalSetup]
    public void CheckRealWork()
    {
        GeneratorRuns.EnsureRealWork(
            GeneratorRuns.CreateDriver(new WorkflowGenerator()).RunGenerators(WorkflowCorpus.Compile(WorkflowCorpus.Parse())));
        OutputFloorGenerator.Prepare();
    }

    // Fresh trees and a fresh compilation each time: nothing parsed, bound or cached by a previous run.
    [IterationSetup]
    public void FreshCompilation() => _compilation = WorkflowCorpus.Compile(WorkflowCorpus.Parse());

    [Benchmark(Baseline = true, Description = "floor: FAWMN scan, emits nothing")]
    public GeneratorDriver FloorCold() => GeneratorRuns.CreateDriver(new FloorGenerator()).RunGenerators(_compilation);

    [Benchmark(Description = "symbol walk: reads the parser's symbols, emits nothing")]
    public GeneratorDriver SymbolWalkCold() => GeneratorRuns.CreateDriver(new SymbolWalkGenerator()).RunGenerators(_compilation);

    [Benchmark(Description = "output floor: the scan + the generator's sources, copied and added")]
    public GeneratorDriver OutputFloorCold() => GeneratorRuns.CreateDriver(new OutputFloorGenerator()).RunGenerators(_compilation);

    [Benchmark(Description = "IrlExec generator")]
    public GeneratorDriver GeneratorCold() => GeneratorRuns.CreateDriver(new WorkflowGenerator()).RunGenerators(_compilation);
}
