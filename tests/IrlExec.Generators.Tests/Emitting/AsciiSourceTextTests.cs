using System.Text;
using IrlExec.Generators.Emitting;
using IrlExec.Generators.Tests.Infrastructure;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Text;

namespace IrlExec.Generators.Tests.Emitting;

/// <summary>
/// Generated sources that are all ASCII are handed to the driver one byte per character
/// (<see cref="AsciiSourceText"/>). Whatever Roslyn reads from such a text (characters, spans, lines, the checksum, the
/// syntax tree) must be what it reads from the same text as a string, and a source with any other character stays a
/// string.
/// </summary>
public class AsciiSourceTextTests
{
    private const string Text = "namespace N\n{\n    partial class C { const string S = \"a\\tb\"; }\n}\n";

    private static SourceText Written(string text)
    {
        var writer = new IndentedWriter();
        writer.Lines(text.TrimEnd('\n'));
        return writer.ToSourceTextAndRelease();
    }

    [Fact]
    public void An_ascii_source_is_kept_as_bytes_and_reads_as_its_string()
    {
        var text = Written(Text);
        var reference = SourceText.From(Text, Encoding.UTF8);

        Assert.IsType<AsciiSourceText>(text);
        Assert.Equal(Text, text.ToString());
        Assert.Equal(Text.Length, text.Length);
        Assert.Equal(Text[17], text[17]);
        Assert.Equal(Text.Substring(5, 20), text.ToString(new TextSpan(5, 20)));
        Assert.Equal(reference.Lines.Select(l => l.ToString()), text.Lines.Select(l => l.ToString()));
        Assert.Equal(reference.Encoding, text.Encoding);
    }

    [Fact]
    public void An_ascii_source_has_the_checksum_and_content_hash_of_its_string()
    {
        var text = Written(Text);
        var reference = SourceText.From(Text, Encoding.UTF8);

        Assert.Equal(Convert.ToHexString(reference.GetChecksum().AsSpan()), Convert.ToHexString(text.GetChecksum().AsSpan()));
        Assert.Equal(Convert.ToHexString(reference.GetContentHash().AsSpan()), Convert.ToHexString(text.GetContentHash().AsSpan()));
        Assert.True(text.ContentEquals(reference));
    }

    [Fact]
    public void Copying_a_window_gives_the_characters_of_the_string()
    {
        var text = Written(Text);
        var window = new char[12];
        window.AsSpan().Fill('#');

        text.CopyTo(3, window, 2, 8);

        Assert.Equal("##" + Text.Substring(3, 8) + "##", new string(window));
        Assert.Throws<ArgumentOutOfRangeException>(() => text.CopyTo(Text.Length - 2, window, 0, 3));
        Assert.Throws<ArgumentOutOfRangeException>(() => text.CopyTo(0, window, 10, 3));
    }

    [Fact]
    public void A_source_with_a_character_outside_ascii_stays_a_string()
    {
        var withAccent = Text.Replace("a\\tb", "café");

        var text = Written(withAccent);

        Assert.IsNotType<AsciiSourceText>(text);
        Assert.Equal(withAccent, text.ToString());
        Assert.Equal(Encoding.UTF8, text.Encoding);
    }

    [Theory]
    [InlineData(0, "\u0080")] // the first character past ASCII
    [InlineData(20_000, "\u00e9")] // past the first copy window
    [InlineData(39_990, "\ud83d\ude00")] // a surrogate pair, near the end
    [InlineData(30_000, "\ud83d")] // a lone surrogate
    public void A_long_source_with_one_character_outside_ascii_anywhere_stays_a_string(int position, string character)
    {
        var ascii = string.Concat(Enumerable.Range(0, 4000).Select(i => $"// l {i:0000}\n")); // 40,000 characters
        var text = ascii.Insert(position, character);

        var written = Written(text);

        Assert.IsNotType<AsciiSourceText>(written);
        Assert.Equal(text, written.ToString());
    }

    [Fact]
    public void Every_ascii_character_stays_one_byte()
    {
        var all = new string(Enumerable.Range(1, 127).Select(c => (char)c).Where(c => c != '\n' && c != '\r').ToArray());

        var written = Written(all);

        Assert.IsType<AsciiSourceText>(written);
        Assert.Equal(all + "\n", written.ToString()); // a block's lines each end with a line break
    }

    [Fact]
    public void A_source_longer_than_the_copy_window_is_written_whole()
    {
        var long_ = string.Concat(Enumerable.Range(0, 4000).Select(i => $"// line {i}\n")); // past two copy windows

        var text = Written(long_);

        Assert.IsType<AsciiSourceText>(text);
        Assert.Equal(long_, text.ToString());
    }

    [Fact]
    public void An_ascii_source_parses_to_the_tree_of_its_string()
    {
        var text = Written(Text);

        var tree = CSharpSyntaxTree.ParseText(text, GeneratorHarness.ParseOptions);
        var reference = CSharpSyntaxTree.ParseText(Text, GeneratorHarness.ParseOptions);

        Assert.True(tree.IsEquivalentTo(reference));
        Assert.Equal(Text, tree.GetRoot().ToFullString());
        Assert.Empty(tree.GetDiagnostics());
    }

    [Fact]
    public void The_generator_adds_the_corpus_sources_as_bytes_with_the_emitted_text()
    {
        var result = GeneratorHarness.CreateDriver().RunGenerators(GeneratorHarness.Compile(Sources.IncidentJson, Sources.IncidentApproval, Sources.Minimal))
            .GetRunResult().Results.Single();

        var workflowSources = result.GeneratedSources.Where(s => s.HintName != Emitter.CatalogHintName).ToList();
        Assert.NotEmpty(workflowSources);
        Assert.All(workflowSources, s => Assert.IsType<AsciiSourceText>(s.SourceText));
        Assert.All(workflowSources, s => Assert.Equal(s.SyntaxTree.ToString(), s.SourceText.ToString()));
    }
}
