using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
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
public class GeneratorDeclarationEditBenchmarks : SecondRunBenchmarks
{
    protected override CSharpCompilation Edit(CSharpCompilation compilation) => WorkflowCorpus.EditStepAttribute(compilation);

    private sealed class Config : ManualConfig
    {
        public Config() => AddColumn(ReEmitted(WorkflowCorpus.EditStepAttribute));
    }
}
