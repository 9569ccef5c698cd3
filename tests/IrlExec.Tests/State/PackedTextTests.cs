namespace IrlExec.Tests.State;

/// <summary>Texts and lists of pairs packed one after the other read back as written: null, empty, long, any character.</summary>
public class PackedTextTests
{
    public static TheoryData<int> Lengths => [0, 1, 0x7FFF, 0x8000, 0x8001, 0x1_0000, 300_000];

    [Theory]
    [MemberData(nameof(Lengths))]
    public void A_text_of_any_length_reads_back_between_its_neighbours(int length)
    {
        var text = string.Create(length, 0, static (span, _) =>
        {
            for (var i = 0; i < span.Length; i++) span[i] = (char)(0xFFFF - i % 0x10000); // the null header's character included
        });
        var packed = new char[PackedText.Length("before") + PackedText.Length(text) + PackedText.Length((string?)null) + PackedText.Length("after")];
        var written = PackedText.Write(packed, "before");
        written += PackedText.Write(packed.AsSpan(written), text);
        written += PackedText.Write(packed.AsSpan(written), (string?)null);
        written += PackedText.Write(packed.AsSpan(written), "after");

        var position = 0;
        Assert.Equal(packed.Length, written);
        Assert.Equal("before", PackedText.ReadText(packed, ref position));
        Assert.Equal(text, PackedText.ReadText(packed, ref position));
        Assert.Null(PackedText.ReadText(packed, ref position));
        Assert.Equal("after", PackedText.ReadText(packed, ref position));
        Assert.Equal(packed.Length, position);
    }

    [Fact]
    public void Lists_read_back_as_new_lists_of_new_pairs_and_can_be_skipped()
    {
        List<NamedValue> pairs = [new("a", ""), new() { Name = null!, Value = "v" }, new("", new string('w', 0x9000))];
        var packed = new char[PackedText.Length(pairs) + PackedText.Length((List<NamedValue>?)null) + PackedText.Length(new List<NamedValue>())];
        var written = PackedText.Write(packed, pairs);
        written += PackedText.Write(packed.AsSpan(written), (List<NamedValue>?)null);
        PackedText.Write(packed.AsSpan(written), new List<NamedValue>());

        var position = 0;
        var read = PackedText.ReadValues(packed, ref position)!;
        Assert.Equal(pairs.Select(p => (p.Name, p.Value)), read.Select(p => (p.Name, p.Value)));
        Assert.DoesNotContain(read, p => pairs.Contains(p));
        Assert.Null(PackedText.ReadValues(packed, ref position));
        Assert.Empty(PackedText.ReadValues(packed, ref position)!);

        position = 0;
        PackedText.SkipValues(packed, ref position);
        Assert.Null(PackedText.ReadValues(packed, ref position));
    }

    [Fact]
    public void A_list_with_a_null_pair_is_not_packed()
    {
        Assert.Equal(-1, PackedText.Length([new NamedValue("a", "b"), null!]));
    }
}
