using IrlExec.Generators.Parsing;
using IrlExec.Generators.Tests.Infrastructure;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace IrlExec.Generators.Tests.Parsing;

/// <summary>
/// The syntax reader looks an attribute name up once for all the workflows of a compilation whose surroundings read the
/// same (<see cref="NameScope"/>): their namespaces, usings and extern aliases. A workflow that changes what a name
/// means itself (a nested type of that name, a base class) or whose file declares a file-local type must not take, or
/// give, the shared answer: in each compilation below, every workflow is read as its symbols read it, whichever is read
/// first.
/// </summary>
public sealed class SharedNameLookupTests
{
    private const string Usings = """
        using System;
        using System.Threading;
        using System.Threading.Tasks;
        using IrlExec;

        """;

    private static string Flow(string className, string extra = "", string baseList = "", string usings = Usings, string before = "") => usings + before + $$"""

        namespace Cases;

        [Workflow("{{WorkflowName(className)}}")]
        public partial class {{className}}{{baseList}}
        {
        {{extra}}
            [Step(1)]
            public sealed class Work : IStep
            {
                [Input] public string Customer { get; set; } = "";
                [Output] public string Label { get; set; } = "";
                public ValueTask ExecuteAsync(StepContext context, CancellationToken cancellationToken) => default;
            }
        }
        """;

    private static string WorkflowName(string className) => className.ToLowerInvariant() + "-flow";

    public static TheoryData<string, string[], string[]> Compilations => new()
    {
        {
            "a workflow with a nested type named like an attribute, read after one without",
            [Flow("Plain"), Flow("Shadowing", "    public sealed class Output { }\n")],
            ["Shadowing"]
        },
        {
            "a workflow with a nested type named like an attribute, read before one without",
            [Flow("Shadowing", "    public sealed class OutputAttribute { }\n"), Flow("Plain")],
            ["Shadowing"]
        },
        {
            "a nested IStep in one workflow",
            [Flow("Plain"), Flow("Contract", "    public interface IStep { }\n")],
            ["Contract"]
        },
        {
            "two files in one namespace, one importing a second InputAttribute",
            [Flow("Plain"), Flow("Ambiguous", usings: Usings + "using Extra;\n"),
             "namespace Extra { public sealed class InputAttribute : System.Attribute { } }"],
            ["Ambiguous"]
        },
        {
            "two files in one namespace, one declaring a file-local InputAttribute",
            [Flow("Plain"), Flow("FileLocal") + "\nfile sealed class InputAttribute : Attribute { }\n"],
            []
        },
        {
            "a workflow whose base class nests an InputAttribute",
            [Flow("Plain"), Flow("Derived", baseList: " : FlowBase") +
             "\npublic class FlowBase { public sealed class InputAttribute : Attribute { } }\n"],
            []
        },
        {
            "workflows of one namespace in files with the same usings",
            [Flow("First"), Flow("Second"), Flow("Third")],
            []
        },
    };

    [Theory]
    [MemberData(nameof(Compilations))]
    public void Every_workflow_is_read_as_its_symbols_read_it(string name, string[] sources, string[] declined)
    {
        _ = name;
        var reads = DeclarationReaderEquivalenceTests.ReadBoth(GeneratorHarness.Compile(sources));

        Assert.Equal(sources.Sum(s => s.Split("[Workflow(").Length - 1), reads.Count);
        foreach (var read in reads)
        {
            Assert.Equal(read.SymbolModel, read.Model);
            if (declined.Contains(read.Name))
            {
                Assert.Null(read.Syntax);
            }
            else
            {
                Assert.True(read.Syntax is not null, $"The syntax reader declined {read.Name}.");
                DeclarationReaderEquivalenceTests.AssertSame(read.Symbols, read.Syntax);
            }
        }
    }

    [Fact]
    public void Workflows_in_the_same_namespace_with_the_same_usings_share_a_scope()
    {
        var first = Scope(Flow("First"));
        var second = Scope(Flow("Second", "    public int Unrelated { get; set; }\n"));

        Assert.NotNull(first.Key);
        Assert.Equal(first.Key, second.Key);
        Assert.True(second.Shares("Input"));
    }

    [Theory]
    [InlineData("namespace Cases;", "namespace Other;")]
    [InlineData("using IrlExec;", "using IrlExec;\nusing Extra;")]
    [InlineData("using IrlExec;", "using Input = IrlExec.OutputAttribute;\nusing IrlExec;")]
    [InlineData("using System;", "extern alias Lib;\nusing System;")]
    public void A_different_namespace_or_directive_gives_a_different_scope(string original, string replacement)
    {
        var source = Flow("First");

        Assert.NotEqual(Scope(source).Key, Scope(source.Replace(original, replacement)).Key);
    }

    [Fact]
    public void A_name_the_workflow_declares_as_a_type_is_not_shared()
    {
        var scope = Scope(Flow("First", "    public sealed class Output { }\n    public sealed class InputAttribute { }\n    public sealed class Generic<T> { }\n"));

        Assert.NotNull(scope.Key);
        Assert.False(scope.Shares("Output"));
        Assert.False(scope.Shares("Input"));
        Assert.False(scope.Shares("Generic"));
        Assert.True(scope.Shares("Step"));
    }

    [Fact]
    public void A_workflow_with_a_base_list_shares_nothing()
    {
        var scope = Scope(Flow("First", baseList: " : FlowBase"));

        Assert.Null(scope.Key);
        Assert.False(scope.Shares("Step"));
    }

    [Fact]
    public void A_workflow_in_a_file_with_a_file_local_type_shares_nothing()
    {
        var scope = Scope(Flow("First") + "\nfile class Helper { }\n");

        Assert.Null(scope.Key);
    }

    private static NameScope Scope(string source) =>
        NameScope.Of(CSharpSyntaxTree.ParseText(source).GetRoot().DescendantNodes().OfType<ClassDeclarationSyntax>().First());
}
