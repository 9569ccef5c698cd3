using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using Microsoft.CodeAnalysis.CSharp;

namespace IrlExec.Benchmarks.Generator;

/// <summary>
/// Benchmark 2, generator incremental: the second run after an edit inside one method body of the corpus, against the
/// floor's second run. The "Re-emitted" column counts the sources the second run produced anew (target 0).
/// </summary>
[MemoryDiagnoser]
[Config(typeof(Config))]
// As for the cold runs: after a short job's 3 warm-up runs the floor's second run was still tiering up in the JIT
// (about 20 ms, against under 5 ms warm), which flattered the ratio.
[WarmupCount(50)]
public class GeneratorIncrementalBenchmarks : SecondRunBenchmarks
{
    protected override CSharpCompilation Edit(CSharpCompilation compilation) => WorkflowCorpus.EditMethodBody(compilation);

    private sealed class Config : ManualConfig
    {
        public Config() => AddColumn(ReEmitted(WorkflowCorpus.EditMethodBody));
    }
}
