using System.Collections.Immutable;
using System.Text;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Text;

namespace IrlExec.Benchmarks.Generator;

/// <summary>
/// The compilation the generator benchmarks run on: <see cref="Workflows"/> files, one <c>[Workflow]</c> class each with
/// <see cref="StepsPerWorkflow"/> steps (two inputs, two outputs, a real method body), plus unrelated files, the way a
/// large solution mixes workflow code with everything else.
/// </summary>
public static class WorkflowCorpus
{
    public const int Workflows = 100;
    public const int StepsPerWorkflow = 10;
    public const int UnrelatedFiles = 100;

    /// <summary>The workflow <see cref="EditMethodBody"/> and <see cref="EditStepAttribute"/> change.</summary>
    public const int EditedWorkflow = Workflows / 2;

    public static readonly CSharpParseOptions ParseOptions = new(LanguageVersion.Latest);

    private static readonly Lazy<ImmutableArray<MetadataReference>> LazyReferences = new(() =>
    {
        var paths = ((string)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES")!).Split(Path.PathSeparator)
            .Where(p => Path.GetFileName(p).StartsWith("System.", StringComparison.Ordinal) ||
                        Path.GetFileName(p) is "mscorlib.dll" or "netstandard.dll");
        return [.. paths.Select(p => (MetadataReference)MetadataReference.CreateFromFile(p)),
                MetadataReference.CreateFromFile(typeof(WorkflowAttribute).Assembly.Location)];
    });

    public static ImmutableArray<MetadataReference> References => LazyReferences.Value;

    /// <summary>The source texts (parsed fresh by <see cref="Parse"/> for each cold run).</summary>
    public static IReadOnlyList<string> Sources { get; } = BuildSources();

    public static SyntaxTree[] Parse() =>
        Sources.Select((s, i) => CSharpSyntaxTree.ParseText(s, ParseOptions, path: $"File{i:000}.cs")).ToArray();

    public static CSharpCompilation Compile(IEnumerable<SyntaxTree> trees) =>
        CSharpCompilation.Create(
            "BenchWorkflows",
            trees,
            References,
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable));

    /// <summary>
    /// The compilation after a typing edit inside one method body of workflow <see cref="EditedWorkflow"/> (an
    /// incremental re-parse, as the IDE does): nothing the generator reads has changed.
    /// </summary>
    public static CSharpCompilation EditMethodBody(CSharpCompilation compilation) =>
        Edit(compilation, "Total = Quantity * 2;", "Total = Quantity * 3 + 1;");

    /// <summary>
    /// The compilation after an edit to a declaration of workflow <see cref="EditedWorkflow"/>: one step's
    /// <c>Component</c> argument, as when typing in an attribute. The generator parses every workflow again and
    /// re-emits the edited one.
    /// </summary>
    public static CSharpCompilation EditStepAttribute(CSharpCompilation compilation) =>
        Edit(compilation, "Component = \"bench.step3\"", "Component = \"bench.step3.edited\"");

    private static CSharpCompilation Edit(CSharpCompilation compilation, string marker, string replacement)
    {
        var tree = compilation.SyntaxTrees.ElementAt(EditedWorkflow);
        var text = tree.GetText();
        var position = text.ToString().IndexOf(marker, StringComparison.Ordinal);
        if (position < 0) throw new InvalidOperationException($"The corpus has no '{marker}' to edit.");
        var edited = tree.WithChangedText(text.WithChanges(new TextChange(new TextSpan(position, marker.Length), replacement)));
        return compilation.ReplaceSyntaxTree(tree, edited);
    }

    private static List<string> BuildSources()
    {
        var sources = new List<string>();
        for (var w = 0; w < Workflows; w++) sources.Add(WorkflowSource(w));
        for (var u = 0; u < UnrelatedFiles; u++) sources.Add(UnrelatedSource(u));
        return sources;
    }

    private static string WorkflowSource(int w)
    {
        var code = new StringBuilder();
        code.AppendLine("using System.Threading;");
        code.AppendLine("using System.Threading.Tasks;");
        code.AppendLine("using IrlExec;");
        code.AppendLine();
        code.AppendLine($"namespace Bench.Workflows{w % 10};");
        code.AppendLine();
        code.AppendLine($"[Workflow(\"bench-{w}\", Goal = \"Process {{{{customer}}}} batch {w}\")]");
        code.AppendLine($"public partial class Workflow{w}");
        code.AppendLine("{");
        code.AppendLine("    [Variable] public required string Customer { get; init; }");
        code.AppendLine("    [Variable] public int Quantity { get; init; }");
        for (var s = 1; s <= StepsPerWorkflow; s++)
        {
            // Step 1 reads the initial variables; each later step reads the previous step's outputs.
            var quantitySource = s == 1 ? "quantity" : $"total{s - 1}";
            code.AppendLine();
            code.AppendLine($"    [Step({s}, Component = \"bench.step{s}\", Tool = \"Bash\", EstimatedCost = 0.01, EstimatedSeconds = 1, SideEffects = \"none\")]");
            code.AppendLine($"    public sealed class Step{s} : IStep");
            code.AppendLine("    {");
            code.AppendLine("        [Input] public string Customer { get; set; } = \"\";");
            code.AppendLine($"        [Input(\"{quantitySource}\")] public int Quantity {{ get; set; }}");
            code.AppendLine($"        [Output(\"total{s}\")] public int Total {{ get; set; }}");
            code.AppendLine($"        [Output(\"label{s}\")] public string Label {{ get; set; }} = \"\";");
            code.AppendLine();
            code.AppendLine("        public ValueTask ExecuteAsync(StepContext context, CancellationToken cancellationToken)");
            code.AppendLine("        {");
            code.AppendLine("            Total = Quantity * 2;");
            code.AppendLine($"            Label = Customer + \"-{s}\";");
            code.AppendLine("            context.Log(\"done \" + Label);");
            code.AppendLine("            return ValueTask.CompletedTask;");
            code.AppendLine("        }");
            code.AppendLine("    }");
        }
        code.AppendLine("}");
        return code.ToString();
    }

    private static string UnrelatedSource(int u) => $$"""
        using System;
        using System.Collections.Generic;
        using System.Linq;

        namespace Bench.Other{{u % 10}};

        [Obsolete("unrelated attribute, not a workflow")]
        public sealed class Helper{{u}}
        {
            private readonly List<int> _values = new();

            public int Sum() => _values.Sum();

            public void Add(int value)
            {
                if (value < 0) throw new ArgumentOutOfRangeException(nameof(value));
                _values.Add(value * {{u + 1}});
            }

            public override string ToString() => string.Join(",", _values.Select(v => v.ToString()));
        }
        """;
}
