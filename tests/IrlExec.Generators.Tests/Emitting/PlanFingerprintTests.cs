using System.Text;
using IrlExec.Generators.Emitting;

namespace IrlExec.Generators.Tests.Emitting;

/// <summary>
/// The fingerprint hashes the shape text piece by piece, without building it; executions store the value, so it must
/// equal FNV-1a over <c>Encoding.UTF8</c>'s bytes of the joined text (what the fingerprint always was), for any text.
/// </summary>
public class PlanFingerprintTests
{
    private static ulong Reference(string text)
    {
        var hash = 14695981039346656037UL;
        foreach (var b in Encoding.UTF8.GetBytes(text))
        {
            hash ^= b;
            hash *= 1099511628211UL;
        }
        return hash;
    }

    private static ulong Streamed(params string[] pieces)
    {
        var fingerprint = new PlanFingerprint();
        foreach (var piece in pieces) fingerprint.Append(piece);
        return fingerprint.Finish();
    }

    [Theory]
    [InlineData("")]
    [InlineData("nightly-report|1|s1:count-rows|o:row_count:long")]
    [InlineData("caf\u00e9 \u00fc\u00df")]
    [InlineData("\u20ac \u4e2d\u6587 \uffff")]
    [InlineData("emoji \ud83d\ude00 pair")]
    [InlineData("lone high \ud800 then text")]
    [InlineData("lone low \udc00 then text")]
    [InlineData("ends with a high \ud83d")]
    [InlineData("\udc00\ud800")]
    public void Hash_of_text_equals_fnv1a_of_its_utf8_bytes(string text)
    {
        Assert.Equal(Reference(text), Streamed(text));
    }

    [Fact]
    public void Surrogate_pair_split_between_two_pieces_hashes_as_one_character()
    {
        Assert.Equal(Reference("a\ud83d\ude00b"), Streamed("a\ud83d", "\ude00b"));
    }

    [Fact]
    public void Random_pieces_hash_as_their_joined_text()
    {
        var random = new Random(1123);
        char[] alphabet = ['a', 'Z', '0', '|', ':', '{', '}', '\u00e9', '\u0800', '\u4e2d', '\ud83d', '\ude00', '\ud800', '\udfff', '\uffff'];
        for (var i = 0; i < 2_000; i++)
        {
            var pieces = new string[random.Next(1, 6)];
            for (var p = 0; p < pieces.Length; p++)
            {
                var piece = new StringBuilder();
                for (var c = random.Next(0, 8); c > 0; c--) piece.Append(alphabet[random.Next(alphabet.Length)]);
                pieces[p] = piece.ToString();
            }
            Assert.Equal(Reference(string.Concat(pieces)), Streamed(pieces));
        }
    }

    [Fact]
    public void Numbers_hash_as_their_invariant_text()
    {
        var fingerprint = new PlanFingerprint();
        fingerprint.Append("v").Append(-12).Append("|").Append(3);

        Assert.Equal(Reference("v-12|3"), fingerprint.Finish());
    }
}
