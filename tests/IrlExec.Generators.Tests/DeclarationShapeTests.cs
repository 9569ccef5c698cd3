using IrlExec.Generators.Declarations;
using IrlExec.Generators.Tests.Infrastructure;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace IrlExec.Generators.Tests;

/// <summary>
/// What counts as a change of declarations (the generator parses again) and what does not (it reuses its models):
/// the rule behind <see cref="DeclarationShape"/>. A false "unchanged" would emit stale code, so the changing cases
/// include the subtle ones (a #nullable inside a body, a const initializer).
/// </summary>
public sealed class DeclarationShapeTests
{
    private const string Before = """
        using IrlExec;
        public static class Names { public const string Component = "rows.count"; }
        public partial class Report
        {
            // a comment
            public int Size { get; set; } = 1;
            public int Double => Size * 2;
            public int Triple { get { return Size * 3; } set { } }
            public int Count { get; private set; }
            public int Compute(int x)
            {
                return x + Size;
            }
            public Report() { Size = 2; }
            [Step(1, Component = Names.Component)]
            public string? Label { get; set; }
        }
        """;

    [Theory]
    [InlineData("return x + Size;", "return x - Size; // edited")]
    [InlineData("// a comment", "// another comment")]
    [InlineData("public int Double => Size * 2;", "public int Double => Size * 3;")]
    [InlineData("return Size * 3;", "return Size * 4;")]
    [InlineData("public Report() { Size = 2; }", "public Report() { Size = 3; var unused = new object(); }")]
    [InlineData("    public int Size", "\n\n        public int Size")]
    [InlineData("// a comment", "/// <summary>The size.</summary>")]
    public void An_edit_inside_a_member_body_or_in_trivia_keeps_the_shape(string from, string to) =>
        Assert.Equal(Hash(Before), Hash(Edit(from, to)));

    [Theory]
    [InlineData("public int Size { get; set; } = 1;", "public long Size { get; set; } = 1;")]
    [InlineData("[Step(1, Component = Names.Component)]", "[Step(2, Component = Names.Component)]")]
    [InlineData("public const string Component = \"rows.count\";", "public const string Component = \"rows.total\";")]
    [InlineData("public int Size { get; set; } = 1;", "public int Size { get; set; } = 2;")]
    [InlineData("public int Compute(int x)", "public int Compute(long x)")]
    [InlineData("public int Count { get; private set; }", "public int Count { get; set; }")]
    [InlineData("public int Count { get; private set; }", "public int Count { get; init; }")]
    [InlineData("public partial class Report", "public class Report")]
    [InlineData("    public int Size", "#nullable disable\n    public int Size")]
    [InlineData("public partial class Report", "[System.Obsolete] public partial class Report")]
    [InlineData("using IrlExec;", "using IrlExec;\nusing Size = System.Int64;")]
    public void An_edit_to_a_declaration_changes_the_shape(string from, string to) =>
        Assert.NotEqual(Hash(Before), Hash(Edit(from, to)));

    [Fact]
    public void A_nullable_directive_inside_a_body_changes_the_shape_because_it_changes_the_declarations_after_it() =>
        Assert.NotEqual(Hash(Before), Hash(Edit("return x + Size;", "return x + Size;\n#nullable disable\n")));

    [Fact]
    public void A_conditional_block_that_turns_a_declaration_off_changes_the_shape() =>
        Assert.NotEqual(Hash(Before), Hash(Edit("public string? Label", "#if NEVER\n        public string? Label { get; set; }\n#endif\n        public string? Other")));

    [Fact]
    public void The_shape_of_a_tree_is_computed_once_and_found_again_for_the_same_tree()
    {
        var tree = CSharpSyntaxTree.ParseText(Before, GeneratorHarness.ParseOptions);
        Assert.Same(DeclarationShape.HashOf(tree), DeclarationShape.HashOf(tree));
    }

    [Fact]
    public void The_shape_text_leaves_out_bodies_and_comments_but_keeps_initializers()
    {
        var text = DeclarationShape.TextOf(CSharpSyntaxTree.ParseText(Before, GeneratorHarness.ParseOptions));
        Assert.DoesNotContain("return", text);
        Assert.DoesNotContain("a comment", text);
        Assert.DoesNotContain("Size * 2", text);
        Assert.Contains("\"rows.count\"", text);
        Assert.Contains("{ get; set; } = 1;", text);
    }

    private static string Edit(string from, string to)
    {
        Assert.Contains(from, Before); // the edit really applies
        return Before.Replace(from, to);
    }

    private static string Hash(string source) =>
        Convert.ToHexString(DeclarationShape.HashOf(CSharpSyntaxTree.ParseText(source, GeneratorHarness.ParseOptions)));
}
