using IrlExec.Generators.Parsing;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace IrlExec.Generators.Tests.Parsing;

/// <summary>
/// The parser reads a property's plain accessor list from the source text (<see cref="PropertyAccessors"/>), and any
/// other from the syntax. Whenever the text reader accepts a list, it must give the accessibilities the syntax gives.
/// </summary>
public sealed class PropertyAccessorsTests
{
    [Theory]
    [InlineData("public int X { get; set; }")]
    [InlineData("public int X { get; init; }")]
    [InlineData("public int X { get; }")]
    [InlineData("public int X { set; }")]
    [InlineData("public int X { set; get; }")]
    [InlineData("public string X { get; set; } = \"\";")]
    [InlineData("public List<int> X { get; set; } = [];")]
    [InlineData("public int X{get;set;}")]
    [InlineData("public int X\n{\n\tget;\r\n\tset;\n}")]
    [InlineData("public int X { get; private set; }")]
    [InlineData("public int X { get; internal init; }")]
    [InlineData("public int X { protected internal get; set; }")]
    [InlineData("public int X { get; private protected set; }")]
    [InlineData("public int X { get; protected set; }")]
    [InlineData("internal int X { get; set; }")]
    [InlineData("int X { get; set; }")]
    [InlineData("protected internal int X { private get; set; }")]
    [InlineData("public required int X { get; set; }")]
    [InlineData("public static int X { get; set; }")]
    public void Plain_accessor_lists_are_read_from_the_text_as_the_syntax_reads_them(string property)
    {
        var declaration = Property(property);
        var accessibility = Accessibilities.Of(declaration.Modifiers, Accessibility.Private);

        Assert.True(PropertyAccessors.FromText(declaration, accessibility, out var textGetter, out var textSetter), "the text reader should accept this form");
        Assert.True(PropertyAccessors.FromSyntax(declaration, accessibility, out var syntaxGetter, out var syntaxSetter));
        Assert.Equal(syntaxGetter, textGetter);
        Assert.Equal(syntaxSetter, textSetter);
    }

    [Theory]
    [InlineData("public int X { }")] // empty
    [InlineData("public int X => 1;")]
    [InlineData("public int X { get => 1; }")]
    [InlineData("public int X { get { return 1; } }")]
    [InlineData("public int X { get; set { } }")]
    [InlineData("public int X { [A] get; set; }")]
    [InlineData("public int X { get; /* the setter */ set; }")]
    [InlineData("public int X // the value\n { get; set; }")]
    [InlineData("public int X { get; set; // trailing\n }")]
    [InlineData("public int X { readonly get; set; }")]
    [InlineData("public int X { get; get; }")]
    [InlineData("public int X { get; set; init; }")]
    [InlineData("public int X { g\\u0065t; set; }")]
    [InlineData("public int X { @get; set; }")]
    [InlineData("public int X { get; \n#if DEBUG\n set;\n#endif\n }")]
    public void Any_other_form_is_left_to_the_syntax(string property)
    {
        var declaration = Property(property);

        Assert.False(PropertyAccessors.FromText(declaration, Accessibility.Public, out _, out _), "the text reader should refuse this form");
    }

    [Fact]
    public void A_repeated_accessor_is_not_read_at_all()
    {
        var declaration = Property("public int X { get; get; }");

        Assert.False(PropertyAccessors.TryRead(declaration, Accessibility.Public, out _, out _));
    }

    [Fact]
    public void An_empty_list_has_neither_accessor()
    {
        var declaration = Property("public int X { }");

        Assert.True(PropertyAccessors.TryRead(declaration, Accessibility.Public, out var getter, out var setter));
        Assert.Null(getter);
        Assert.Null(setter);
    }

    private static PropertyDeclarationSyntax Property(string property) =>
        CSharpSyntaxTree.ParseText($"class C {{ {property} }}").GetRoot().DescendantNodes().OfType<PropertyDeclarationSyntax>().Single();
}
