using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using IrlExec.Generators;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace IrlExec.Benchmarks.Generator;

/// <summary>
/// A report next to benchmark 2 (no target): the second run after an edit to a declaration (one step's
/// <c>Component</c>, as when typing in an attribute in the IDE). Unlike a method-body edit, this parses every workflow
/// again; only the edited one is emitted again.
/// </summary>
[MemoryDiagnoser]
[Config(typeof(Config))]
// As for the cold runs: the parse this edit triggers is still tiering up in the JIT after 3 warm-up runs (its time fell
// from 252 to 33 ms over the next 15).
[WarmupCount(50)]
public class GeneratorDeclarationEditBenchmarks
{
    private GeneratorDriver _driver = null!;
    private CSharpCompilation _edited = null!;

    [IterationSetup(Target = nameof(FloorAfterDeclarationEdit))]
    public void FloorFirstRun() => FirstRun(new FloorGenerator());

    [IterationSetup(Target = nameof(SymbolWalkAfterDeclarationEdit))]
    public void SymbolWalkFirstRun() => FirstRun(new SymbolWalkGenerator());

    [IterationSetup(Target = nameof(GeneratorAfterDeclarationEdit))]
    public void GeneratorFirstRun() => FirstRun(new WorkflowGenerator());

    [Benchmark(Baseline = true, Description = "floor: second run after an attribute edit")]
    public GeneratorDriver FloorAfterDeclarationEdit() => _driver.RunGenerators(_edited);

    [Benchmark(Description = "symbol walk: second run after an attribute edit")]
    public GeneratorDriver SymbolWalkAfterDeclarationEdit() => _driver.RunGenerators(_edited);

    [Benchmark(Description = "IrlExec generator: second run after an attribute edit")]
    public GeneratorDriver GeneratorAfterDeclarationEdit() => _driver.RunGenerators(_edited);

    private void FirstRun(IIncrementalGenerator generator)
    {
        var compilation = WorkflowCorpus.Compile(WorkflowCorpus.Parse());
        _driver = GeneratorRuns.CreateDriver(generator).RunGenerators(compilation);
        _edited = WorkflowCorpus.EditStepAttribute(compilation);
    }

    private sealed class Config : ManualConfig
    {
        public Config() => AddColumn(new ReEmittedColumn(new Dictionary<string, Lazy<(int, int)>>
        {
            [nameof(FloorAfterDeclarationEdit)] = new(() => GeneratorRuns.CountReEmitted(new FloorGenerator(), WorkflowCorpus.EditStepAttribute)),
            [nameof(SymbolWalkAfterDeclarationEdit)] = new(() => GeneratorRuns.CountReEmitted(new SymbolWalkGenerator(), WorkflowCorpus.EditStepAttribute)),
            [nameof(GeneratorAfterDeclarationEdit)] = new(() => GeneratorRuns.CountReEmitted(new WorkflowGenerator(), WorkflowCorpus.EditStepAttribute)),
        }));
    }
}
