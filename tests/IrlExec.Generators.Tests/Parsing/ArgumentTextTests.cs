using System.Globalization;
using IrlExec.Generators.Parsing;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace IrlExec.Generators.Tests.Parsing;

/// <summary>
/// The parser reads an attribute's arguments from the source text when they take the plain form
/// (<see cref="ArgumentText"/>), and from the syntax otherwise. Whenever the text reader accepts an argument list, it
/// must give the names, kinds and values (to the bit, for doubles) that the compiler's syntax gives.
/// </summary>
public sealed class ArgumentTextTests
{
    [Theory]
    [InlineData("Step")]
    [InlineData("Step()")]
    [InlineData("Step( )")]
    [InlineData("Step(1)")]
    [InlineData("Step(007)")]
    [InlineData("Step(2147483647)")]
    [InlineData("Step(1, Name = \"count-rows\")")]
    [InlineData("Step(3, Component = \"bench.step3\", Tool = \"Bash\", EstimatedCost = 0.01, EstimatedSeconds = 1, SideEffects = \"none\")")]
    [InlineData("Step(\n    3,\r\n    Name\t=\t\"x\" )")]
    [InlineData("Input(\"total{{n}}\")")]
    [InlineData("Input(\"\")")]
    [InlineData("Output(\"caf\u00e9 \ud83d\ude00\")")]
    [InlineData("Step(1, EstimatedCost = 123456789012.345)")]
    [InlineData("Step(1, EstimatedCost = 0.000000000000000000001)")]
    [InlineData("Step(1, EstimatedCost = 0000.5000)")]
    [InlineData("Step(1, Unknown = 2, Name = 3)")] // read as written: the shape check comes after, for both readers
    [InlineData("Step(Name = \"a\", 1)")]
    public void Plain_arguments_are_read_from_the_text_as_the_syntax_reads_them(string attribute)
    {
        var node = Attribute(attribute);
        var fromText = new List<ArgumentText.Argument>();
        var fromSyntax = new List<ArgumentText.Argument>();

        Assert.True(LiteralArguments.FromText(node, fromText), "the text reader should accept this form");
        Assert.True(LiteralArguments.FromSyntax(node, fromSyntax));
        AssertSame(fromSyntax, fromText);
    }

    [Theory]
    [InlineData("Step(1, Name = \"tab\\there\")")] // an escape
    [InlineData("Step(1, Name = @\"verbatim\")")]
    [InlineData("Step(1, Name = $\"interpolated\")")]
    [InlineData("Step(1, Name = \"\"\"raw\"\"\")")]
    [InlineData("Step(1 /* one */)")]
    [InlineData("Step(1, // the first\n Name = \"x\")")]
    [InlineData("Step(-1)")]
    [InlineData("Step(+1)")]
    [InlineData("Step(1_000)")]
    [InlineData("Step(0x10)")]
    [InlineData("Step(1L)")]
    [InlineData("Step(1u)")]
    [InlineData("Step(2147483648)")]
    [InlineData("Step(1, EstimatedCost = 1e3)")]
    [InlineData("Step(1, EstimatedCost = 1.5d)")]
    [InlineData("Step(1, EstimatedCost = 1.5f)")]
    [InlineData("Step(1, EstimatedCost = 1.5m)")]
    [InlineData("Step(1, EstimatedCost = .5)")]
    [InlineData("Step(1, EstimatedCost = 1234567890.1234567)")] // 17 significant digits: past the exact fast path
    [InlineData("Step(Order)")]
    [InlineData("Step(Constants.First)")]
    [InlineData("Step(nameof(Order))")]
    [InlineData("Step((1))")]
    [InlineData("Step(1 + 1)")]
    [InlineData("Step(order: 1)")]
    [InlineData("Step(1, Name = null)")]
    [InlineData("Step(1, Name = 'x')")]
    [InlineData("Step(1, Name == \"x\")")]
    [InlineData("Step(1, @Name = \"x\")")]
    [InlineData("Step(1, N\\u0061me = \"x\")")]
    [InlineData("Step(1,)")]
    public void Any_other_form_is_left_to_the_syntax(string attribute)
    {
        Assert.False(LiteralArguments.FromText(Attribute(attribute), []), "the text reader should refuse this form");
    }

    [Fact]
    public void Real_numbers_of_up_to_fifteen_significant_digits_read_from_the_text_equal_the_compilers_to_the_bit()
    {
        var random = new Random(20261202);
        for (var i = 0; i < 3_000; i++)
        {
            var digits = random.Next(1, 16);
            var mantissa = (long)(random.NextDouble() * Math.Pow(10, digits));
            var fraction = random.Next(1, Math.Min(digits, 22) + 1);
            var text = mantissa.ToString(CultureInfo.InvariantCulture).PadLeft(fraction + 1, '0');
            var literal = text[..^fraction] + "." + text[^fraction..];
            var node = Attribute($"Step(1, EstimatedCost = {literal})");
            var fromText = new List<ArgumentText.Argument>();
            var fromSyntax = new List<ArgumentText.Argument>();

            Assert.True(LiteralArguments.FromText(node, fromText), literal);
            Assert.True(LiteralArguments.FromSyntax(node, fromSyntax));
            AssertSame(fromSyntax, fromText);
        }
    }

    [Fact]
    public void A_repeated_value_is_one_string()
    {
        var first = new List<ArgumentText.Argument>();
        var second = new List<ArgumentText.Argument>();

        Assert.True(LiteralArguments.FromText(Attribute("Step(1, Tool = \"Bash\")"), first));
        Assert.True(LiteralArguments.FromText(Attribute("Step(2, Tool = \"Bash\")"), second));

        Assert.Same(first[1].Value, second[1].Value);
        Assert.Same(first[1].Name, second[1].Name);
    }

    private static void AssertSame(List<ArgumentText.Argument> expected, List<ArgumentText.Argument> actual)
    {
        Assert.Equal(expected.Count, actual.Count);
        for (var i = 0; i < expected.Count; i++)
        {
            Assert.Equal(expected[i].Name, actual[i].Name);
            Assert.Equal(expected[i].Kind, actual[i].Kind);
            Assert.Equal(expected[i].Value.GetType(), actual[i].Value.GetType());
            if (expected[i].Value is double value)
            {
                Assert.Equal(BitConverter.DoubleToInt64Bits(value), BitConverter.DoubleToInt64Bits((double)actual[i].Value));
            }
            else
            {
                Assert.Equal(expected[i].Value, actual[i].Value);
            }
        }
    }

    private static AttributeSyntax Attribute(string attribute) =>
        CSharpSyntaxTree.ParseText($"[{attribute}] class C {{ }}").GetRoot().DescendantNodes().OfType<AttributeSyntax>().Single();
}
