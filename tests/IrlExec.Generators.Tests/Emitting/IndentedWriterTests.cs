using System.Text;
using IrlExec.Generators.Emitting;
using Microsoft.CodeAnalysis.CSharp;

namespace IrlExec.Generators.Tests.Emitting;

/// <summary>
/// The writer takes interpolated strings part by part (no string per line); what it writes must be exactly what the
/// same text written as one string gives, so the generated sources do not change with how a line was written.
/// </summary>
public class IndentedWriterTests
{
    private static IndentedWriter Indented(int levels)
    {
        var w = new IndentedWriter();
        for (var i = 0; i < levels; i++) w.Open();
        return w;
    }

    [Fact]
    public void Interpolated_block_writes_the_same_text_as_the_block_as_one_string()
    {
        var name = "Step1";
        var order = 12;
        string block = "/// <summary>Step " + order + "</summary>\r\n\r\nprivate sealed class " + name + "\n{\n    public " + name + "() { }\n}";
        var expected = Indented(2).Lines(block).ToString(); // the string overload

        var actual = Indented(2).Lines($$"""
            /// <summary>Step {{order}}</summary>

            private sealed class {{name}}
            {
                public {{name}}() { }
            }
            """).ToString();

        Assert.Equal(expected, actual);
        Assert.Contains("\n\n", actual); // the empty line stays empty: no indentation on it
        Assert.DoesNotContain("\r", actual);
    }

    [Fact]
    public void Block_with_carriage_return_line_ends_writes_newlines_only()
    {
        var actual = Indented(1).Lines("first\r\nsecond\r\n\r\nthird").ToString();

        Assert.Equal("{\n    first\n    second\n\n    third\n", actual);
    }

    [Fact]
    public void Value_that_starts_a_block_line_is_indented_and_an_empty_one_is_not()
    {
        var empty = "";
        var value = "[GeneratedCode]";

        var actual = Indented(1).Lines($"{value}\n{empty}\nend").ToString();

        Assert.Equal("{\n    [GeneratedCode]\n\n    end\n", actual);
    }

    [Fact]
    public void Interpolated_line_writes_the_same_text_as_the_line_as_one_string()
    {
        var literal = new CSharpLiteral("a \"quoted\" name");
        var expected = Indented(3).Line("Name = " + SymbolDisplay.FormatLiteral("a \"quoted\" name", quote: true) + ", Order = 7,").ToString();

        var actual = Indented(3).Line($"Name = {literal}, Order = {7},").ToString();

        Assert.Equal(expected, actual);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(9)]
    [InlineData(255)]
    [InlineData(256)]
    [InlineData(1_000_000)]
    [InlineData(-3)]
    [InlineData(int.MinValue)]
    public void Numbers_are_written_in_the_invariant_culture(int number)
    {
        var actual = new IndentedWriter().Line($"{number}").ToString();

        Assert.Equal(number.ToString(System.Globalization.CultureInfo.InvariantCulture) + "\n", actual);
    }

    [Theory]
    [InlineData("")]
    [InlineData("plain-name_1")]
    [InlineData("{{integration}}/quarantine")]
    [InlineData("say \"hi\"")]
    [InlineData(@"C:\temp")]
    [InlineData("tab\there")]
    [InlineData("line\nbreak")]
    [InlineData("caf\u00e9")]
    [InlineData("\u2028 separator")]
    [InlineData("emoji \ud83d\ude00")]
    [InlineData("lone \ud800 surrogate")]
    [InlineData("nul \0 and del \u007f")]
    public void Literal_is_written_as_roslyn_formats_it(string value)
    {
        Assert.Equal(SymbolDisplay.FormatLiteral(value, quote: true), Written(new CSharpLiteral(value)));
    }

    [Fact]
    public void Literal_of_random_text_is_written_as_roslyn_formats_it()
    {
        // Printable ASCII most of the time (the fast path), with quotes, backslashes, control characters, non-ASCII and
        // surrogates mixed in.
        var random = new Random(20261123);
        char[] special = ['"', '\\', '\0', '\a', '\b', '\f', '\n', '\r', '\t', '\v', '\u007f', '\u0085', '\u00a0', '\u2028', '\ud800', '\udc00', '\uffff', '~', ' '];
        for (var i = 0; i < 5_000; i++)
        {
            var text = new StringBuilder();
            var length = random.Next(0, 24);
            for (var j = 0; j < length; j++)
            {
                text.Append(random.Next(4) == 0 ? special[random.Next(special.Length)] : (char)random.Next(' ', '~' + 1));
            }
            var value = text.ToString();
            Assert.Equal(SymbolDisplay.FormatLiteral(value, quote: true), Written(new CSharpLiteral(value)));
        }
    }

    [Theory]
    [InlineData("{{", "customer", "}}")]
    [InlineData("{{", "a \"quoted\" name", "}}")]
    [InlineData("", "tab\there", "")]
    [InlineData("\\", "x", "\u00e9")]
    public void Literal_in_parts_is_written_as_roslyn_formats_the_whole_text(string prefix, string value, string suffix)
    {
        Assert.Equal(SymbolDisplay.FormatLiteral(prefix + value + suffix, quote: true), Written(new CSharpLiteral(prefix, value, suffix)));
    }

    [Fact]
    public void Literal_list_is_each_literal_separated_by_a_comma_and_a_space()
    {
        string[] values = ["customer", "a \"quoted\" name", "total1"];
        var expected = string.Join(", ", values.Select(v => SymbolDisplay.FormatLiteral(v, quote: true)));

        var actual = Indented(0).Line($"{new CSharpLiteralList(values)}").ToString();

        Assert.Equal(expected + "\n", actual);
    }

    [Fact]
    public void Empty_literal_list_writes_nothing()
    {
        Assert.Equal("()\n", Indented(0).Line($"({new CSharpLiteralList([])})").ToString());
    }

    private static string Written(CSharpLiteral literal)
    {
        var builder = new StringBuilder();
        literal.AppendTo(builder);
        return builder.ToString();
    }
}
