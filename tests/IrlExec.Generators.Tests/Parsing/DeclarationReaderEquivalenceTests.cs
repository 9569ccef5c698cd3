using System.Collections;
using System.Reflection;
using System.Text;
using IrlExec.Generators.Parsing;
using IrlExec.Generators.Tests.Infrastructure;
using Microsoft.CodeAnalysis;

namespace IrlExec.Generators.Tests.Parsing;

/// <summary>
/// The generator reads a workflow's members from syntax when it can (<see cref="SyntaxReader"/>, no attribute bound)
/// and from symbols otherwise (<see cref="SymbolReader"/>). The generated code must not depend on which one ran: on
/// every case, both give equal declarations and equal models, and the syntax reader declines exactly the shapes it
/// cannot be certain of.
/// </summary>
public sealed class DeclarationReaderEquivalenceTests
{
    public static TheoryData<string> SyntaxCases => new(ReaderCases.ReadFromSyntax.Keys);

    public static TheoryData<string> SymbolCases => new(ReaderCases.LeftToSymbols.Keys);

    public static TheoryData<string> Samples => new(SampleFolders().Select(Path.GetFileName)!);

    [Theory]
    [MemberData(nameof(SyntaxCases))]
    public void Syntax_reader_reads_the_common_shapes_as_the_symbols_do(string name)
    {
        var read = ReadBoth(GeneratorHarness.Compile(ReaderCases.ReadFromSyntax[name])).Single();

        Assert.True(read.Syntax is not null, "The syntax reader declined a shape it should read.");
        AssertSame(read.Symbols, read.Syntax);
        Assert.Equal(read.SymbolModel, read.Model);
    }

    [Theory]
    [MemberData(nameof(SymbolCases))]
    public void Syntax_reader_leaves_uncertain_shapes_to_the_symbols(string name)
    {
        var read = ReadBoth(GeneratorHarness.Compile(ReaderCases.LeftToSymbols[name])).Single();

        Assert.Null(read.Syntax);
        Assert.Equal(read.SymbolModel, read.Model);
    }

    [Theory]
    [MemberData(nameof(Samples))]
    public void Syntax_reader_reads_every_sample_workflow_as_the_symbols_do(string sample)
    {
        var folder = SampleFolders().Single(f => Path.GetFileName(f) == sample);
        // What <ImplicitUsings>enable</ImplicitUsings> adds to a console project.
        const string implicitUsings = "global using System; global using System.Collections.Generic; global using System.IO; " +
            "global using System.Linq; global using System.Net.Http; global using System.Threading; global using System.Threading.Tasks;";
        var sources = Directory.GetFiles(folder, "*.cs").Select(File.ReadAllText).Append(implicitUsings).ToArray();
        var reads = ReadBoth(GeneratorHarness.Compile(sources));

        Assert.NotEmpty(reads);
        AssertEachReadFromSyntaxIntoAModel(reads);
    }

    [Fact]
    public void Syntax_reader_reads_the_test_suite_workflows_as_the_symbols_do()
    {
        var reads = ReadBoth(GeneratorHarness.Compile(Sources.IncidentJson, Sources.IncidentApproval, Sources.Minimal, Sources.Operations));

        Assert.Equal(3, reads.Count);
        AssertEachReadFromSyntaxIntoAModel(reads);
    }

    [Fact]
    public void Literal_argument_shapes_match_the_attribute_classes()
    {
        var classes = new Dictionary<AttributeKind, Type>
        {
            [AttributeKind.Step] = typeof(StepAttribute),
            [AttributeKind.Variable] = typeof(VariableAttribute),
            [AttributeKind.Input] = typeof(InputAttribute),
            [AttributeKind.Output] = typeof(OutputAttribute),
        };
        Assert.Equal(classes.Keys.Order(), LiteralArguments.Shapes.Keys.Order());
        foreach (var (kind, type) in classes)
        {
            var shape = LiteralArguments.Shapes[kind];
            var settable = type.GetProperties().Where(p => p.SetMethod is { IsPublic: true })
                .Select(p => p.Name + ": " + ValueTypeOf(p.PropertyType)).Order();
            Assert.Equal(settable, shape.Named.Select(p => p.Key + ": " + p.Value).Order());
            var oneArgument = type.GetConstructors().Where(c => c.GetParameters().Length == 1).Select(c => ValueTypeOf(c.GetParameters()[0].ParameterType)).SingleOrDefault();
            Assert.Equal(oneArgument, shape.Argument);
            Assert.Equal(!type.GetConstructors().Any(c => c.GetParameters().Length == 0), shape.ArgumentRequired);
        }
    }

    [Fact]
    public void Every_IrlExec_attribute_class_counts_as_an_IrlExec_name_when_qualified()
    {
        // Every attribute a workflow declaration can carry; the catalog attribute is the generator's own, on the assembly.
        var attributes = typeof(WorkflowAttribute).Assembly.GetExportedTypes()
            .Where(t => typeof(Attribute).IsAssignableFrom(t) && t != typeof(WorkflowCatalogAttribute)).ToList();

        Assert.Equal(9, attributes.Count);
        Assert.All(attributes, t => Assert.True(AttributeNames.IsIrlExecName(t.Name), t.Name));
        Assert.All(attributes, t => Assert.True(AttributeNames.IsIrlExecName(t.Name[..^"Attribute".Length]), t.Name));
        Assert.False(AttributeNames.IsIrlExecName("Description"));
    }

    private static LiteralArguments.ValueType? ValueTypeOf(Type type) =>
        (Nullable.GetUnderlyingType(type) ?? type) switch
        {
            var t when t == typeof(string) => LiteralArguments.ValueType.String,
            var t when t == typeof(int) => LiteralArguments.ValueType.Int,
            var t when t == typeof(double) => LiteralArguments.ValueType.Double,
            var t => throw new InvalidOperationException($"No literal reading for {t}: add it to LiteralArguments."),
        };

    internal sealed record Read(string Name, WorkflowMembers Symbols, WorkflowMembers? Syntax, object? SymbolModel, object? Model);

    // Every [Workflow] class of the compilation, read both ways. The syntax reader runs first, on a compilation no
    // reader has bound, as in a cold generator run.
    internal static List<Read> ReadBoth(Compilation compilation)
    {
        var symbols = ParserSymbols.For(compilation);
        var workflows = AllTypes(compilation.Assembly.GlobalNamespace)
            .Select(t => (Type: t, Attribute: t.GetAttributes().FirstOrDefault(a => a.AttributeClass?.ToDisplayString() == "IrlExec.WorkflowAttribute")))
            .Where(w => w.Attribute is not null)
            .ToList();
        var reads = new List<Read>();
        foreach (var (type, attribute) in workflows)
        {
            var jsonContext = Parser.JsonContextOf(attribute!);
            var syntax = SyntaxReader.TryRead(type, jsonContext, symbols, CancellationToken.None);
            var model = Parser.ParseWorkflow(type, symbols, readSyntax: true, CancellationToken.None);
            var symbolRead = SymbolReader.Read(type, jsonContext, symbols, CancellationToken.None);
            var symbolModel = Parser.ParseWorkflow(type, symbols, readSyntax: false, CancellationToken.None);
            reads.Add(new Read(type.Name, symbolRead, syntax, symbolModel, model));
        }
        return reads;
    }

    private static IEnumerable<INamedTypeSymbol> AllTypes(INamespaceSymbol ns) =>
        ns.GetTypeMembers().Concat(ns.GetNamespaceMembers().SelectMany(AllTypes));

    // Valid workflows of the common shapes: read from syntax, the same declarations, the same (non-null) model.
    private static void AssertEachReadFromSyntaxIntoAModel(List<Read> reads)
    {
        foreach (var read in reads)
        {
            Assert.True(read.Syntax is not null, $"The syntax reader declined {read.Name}.");
            AssertSame(read.Symbols, read.Syntax);
            Assert.NotNull(read.Model);
            Assert.Equal(read.SymbolModel, read.Model);
        }
    }

    internal static void AssertSame(WorkflowMembers expected, WorkflowMembers? actual) =>
        Assert.Equal(Dump(expected), Dump(actual));

    // Declarations as text, member by member, so a difference names the field that differs.
    private static string Dump(object? value)
    {
        var text = new StringBuilder();
        Write(value, 0);
        return text.ToString();

        void Write(object? item, int depth)
        {
            var indent = new string(' ', depth * 2);
            switch (item)
            {
                case null:
                    text.Append("null\n");
                    break;
                case string or bool or int or double or Enum:
                    text.Append(item is string s ? '"' + s + '"' : Convert.ToString(item, System.Globalization.CultureInfo.InvariantCulture)).Append('\n');
                    break;
                case ConstantValue constant:
                    text.Append(constant.Value is null ? "null" : constant.Value.GetType().Name + " " + constant).Append('\n');
                    break;
                case IEnumerable items:
                    text.Append("[\n");
                    foreach (var element in items)
                    {
                        text.Append(indent).Append("- ");
                        Write(element, depth + 1);
                    }
                    text.Append(indent).Append("]\n");
                    break;
                default:
                    text.Append(item.GetType().Name).Append('\n');
                    foreach (var property in item.GetType().GetProperties(BindingFlags.Public | BindingFlags.Instance).Where(p => p.GetIndexParameters().Length == 0))
                    {
                        if (property.Name == "EqualityContract") continue;
                        text.Append(indent).Append("  ").Append(property.Name).Append(": ");
                        Write(property.GetValue(item), depth + 2);
                    }
                    break;
            }
        }
    }

    private static string[] SampleFolders()
    {
        var project = typeof(DeclarationReaderEquivalenceTests).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
            .Single(a => a.Key == "ProjectDirectory").Value!;
        var samples = Path.GetFullPath(Path.Combine(project, "..", "..", "samples"));
        return Directory.GetDirectories(samples).Where(d => Directory.GetFiles(d, "*.cs").Any(f => File.ReadAllText(f).Contains("[Workflow(", StringComparison.Ordinal))).OrderBy(d => d, StringComparer.Ordinal).ToArray();
    }
}
