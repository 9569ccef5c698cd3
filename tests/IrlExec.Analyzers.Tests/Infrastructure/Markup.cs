using Microsoft.CodeAnalysis.Text;

namespace IrlExec.Analyzers.Tests.Infrastructure;

/// <summary>An expected diagnostic: its id and the exact text span it must cover.</summary>
internal sealed record ExpectedDiagnostic(string Id, TextSpan Span);

/// <summary>
/// Test source markup: <c>{|IRL0001:text|}</c> expects diagnostic IRL0001 exactly on <c>text</c>; <c>[|text|]</c> expects
/// the test's default id there. The markup is removed from the compiled source.
/// </summary>
internal static class Markup
{
    public static (string Source, IReadOnlyList<ExpectedDiagnostic> Expected) Parse(string markup, string? defaultId = null)
    {
        var source = new System.Text.StringBuilder(markup.Length);
        var expected = new List<ExpectedDiagnostic>();
        var open = new Stack<(string Id, int Start)>();
        for (var i = 0; i < markup.Length; i++)
        {
            if (Starts(markup, i, "{|"))
            {
                var colon = markup.IndexOf(':', i + 2);
                open.Push((markup[(i + 2)..colon], source.Length));
                i = colon;
            }
            else if (Starts(markup, i, "[|"))
            {
                open.Push((defaultId ?? throw new InvalidOperationException("[| |] markup needs a default diagnostic id."), source.Length));
                i++;
            }
            else if (Starts(markup, i, "|}") || Starts(markup, i, "|]"))
            {
                var (id, start) = open.Pop();
                expected.Add(new ExpectedDiagnostic(id, TextSpan.FromBounds(start, source.Length)));
                i++;
            }
            else
            {
                source.Append(markup[i]);
            }
        }
        if (open.Count > 0) throw new InvalidOperationException("Unclosed diagnostic markup.");
        return (source.ToString(), expected);
    }

    private static bool Starts(string text, int index, string token) => string.CompareOrdinal(text, index, token, 0, token.Length) == 0;
}
