using System.Collections.Frozen;
using System.Text;
using IrlExec.Generators;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Text;

namespace IrlExec.Benchmarks.Generator;

/// <summary>
/// A reference point for benchmark 1: the floor's scan, then for each workflow the very source the real generator emits
/// for it, copied into a new text of the kind the generator adds (one byte per character, as the generator's AsciiSourceText: ByteText;
/// the allocation emitting it cannot avoid) and added. It parses nothing, hashes nothing and formats nothing: what it
/// costs beyond the floor is handing the driver 3.9 million characters of generated C#, garbage collections included.
/// A generator that emits these sources cannot cost less.
/// </summary>
[Generator(LanguageNames.CSharp)]
public sealed class OutputFloorGenerator : IIncrementalGenerator
{
    // The real generator's sources for the corpus, by hint name, as ASCII bytes; rendered once per process.
    private static readonly Lazy<FrozenDictionary<string, byte[]>> Sources = new(() =>
        GeneratorRuns.CreateDriver(new WorkflowGenerator())
            .RunGenerators(WorkflowCorpus.Compile(WorkflowCorpus.Parse()))
            .GetRunResult().Results.Single().GeneratedSources
            .Where(s => s.SourceText.GetType().Name == "AsciiSourceText")
            .ToFrozenDictionary(s => s.HintName, s => Encoding.ASCII.GetBytes(s.SourceText.ToString()), StringComparer.Ordinal));

    /// <summary>Renders the sources before any timed run, and fails loudly if a run would not add one per workflow.</summary>
    public static void Prepare()
    {
        var added = GeneratorRuns.CreateDriver(new OutputFloorGenerator())
            .RunGenerators(WorkflowCorpus.Compile(WorkflowCorpus.Parse()))
            .GetRunResult().Results.Single().GeneratedSources.Length;
        if (added != WorkflowCorpus.Workflows)
        {
            throw new InvalidOperationException($"The output floor added {added} sources, not {WorkflowCorpus.Workflows}: it would not measure the output.");
        }
    }

    public void Initialize(IncrementalGeneratorInitializationContext context)
    {
        var hintNames = context.SyntaxProvider.ForAttributeWithMetadataName(
            "IrlExec.WorkflowAttribute",
            static (node, _) => node is ClassDeclarationSyntax,
            static (ctx, _) => ctx.TargetSymbol.ContainingNamespace.ToDisplayString() + "." + ctx.TargetSymbol.Name + ".g.cs");
        context.RegisterSourceOutput(hintNames, static (spc, hintName) =>
            spc.AddSource(hintName, new ByteText((byte[])Sources.Value[hintName].Clone())));
    }
}

/// <summary>
/// ASCII text kept one byte per character, the representation of the generator's internal AsciiSourceText (what
/// a run must at least allocate for these sources).
/// </summary>
file sealed class ByteText(byte[] bytes) : SourceText
{
    public override Encoding Encoding => Encoding.UTF8;

    public override int Length => bytes.Length;

    public override char this[int position] => (char)bytes[position];

    public override void CopyTo(int sourceIndex, char[] destination, int destinationIndex, int count)
    {
        for (var i = 0; i < count; i++) destination[destinationIndex + i] = (char)bytes[sourceIndex + i];
    }
}
