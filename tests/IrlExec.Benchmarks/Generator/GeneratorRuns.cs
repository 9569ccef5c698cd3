using IrlExec.Generators;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace IrlExec.Benchmarks.Generator;

/// <summary>Drives the generators the way the compiler does, and checks that a run did real work.</summary>
public static class GeneratorRuns
{
    public static GeneratorDriver CreateDriver(IIncrementalGenerator generator, bool track = false) =>
        CSharpGeneratorDriver.Create(
            [generator.AsSourceGenerator()],
            parseOptions: WorkflowCorpus.ParseOptions,
            driverOptions: new GeneratorDriverOptions(IncrementalGeneratorOutputKind.None, trackIncrementalGeneratorSteps: track));

    /// <summary>Fails loudly if the real generator did not emit one source per workflow plus the catalog without errors.</summary>
    public static void EnsureRealWork(GeneratorDriver driver)
    {
        var result = driver.GetRunResult();
        var sources = result.Results.Single().GeneratedSources.Length;
        if (sources != WorkflowCorpus.Workflows + 1)
        {
            throw new InvalidOperationException($"Expected {WorkflowCorpus.Workflows + 1} generated sources, got {sources}: the benchmark would not measure real work.");
        }
        var errors = result.Diagnostics.Where(d => d.Severity == DiagnosticSeverity.Error).ToList();
        if (errors.Count > 0) throw new InvalidOperationException("The generator reported errors: " + string.Join("; ", errors));
    }

    /// <summary>
    /// How many sources the second run (after <paramref name="edit"/>) produced anew: source outputs
    /// whose step ran with reason New or Modified. Cached or unchanged outputs are not re-emitted.
    /// </summary>
    public static (int ReEmitted, int Total) CountReEmitted(IIncrementalGenerator generator, Func<CSharpCompilation, CSharpCompilation> edit)
    {
        var first = WorkflowCorpus.Compile(WorkflowCorpus.Parse());
        var driver = CreateDriver(generator, track: true).RunGenerators(first);
        driver = driver.RunGenerators(edit(first));
        var result = driver.GetRunResult().Results.Single();
        var reEmitted = 0;
        foreach (var (_, steps) in result.TrackedOutputSteps)
        {
            foreach (var step in steps)
            {
                reEmitted += step.Outputs.Count(o => o.Reason is IncrementalStepRunReason.New or IncrementalStepRunReason.Modified);
            }
        }
        return (reEmitted, result.GeneratedSources.Length);
    }
}
