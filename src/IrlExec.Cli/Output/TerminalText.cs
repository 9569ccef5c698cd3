using System.Globalization;
using System.Text;

namespace IrlExec.Cli.Output;

/// <summary>
/// Text shown inert on a terminal: what irlexec prints comes from files that steps wrote (a tool's output they logged, a
/// value they published), and a control character in it (ESC, BEL, backspace, a C1 code such as CSI) would be obeyed by
/// the terminal: a changed title, a cleared screen, an erased line, a hyperlink. Each one is written as its
/// <c>\uXXXX</c> escape instead; line breaks, carriage returns and tabs are kept.
/// </summary>
internal static class TerminalText
{
    /// <summary><paramref name="text"/> with every control character but <c>\n</c>, <c>\r</c> and <c>\t</c> escaped (the same instance when it has none).</summary>
    public static string Inert(string? text)
    {
        if (string.IsNullOrEmpty(text)) return text ?? "";
        var first = IndexOfUnsafe(text);
        if (first < 0) return text;
        var builder = new StringBuilder(text.Length + 16).Append(text, 0, first);
        for (var i = first; i < text.Length; i++) Append(builder, text[i]);
        return builder.ToString();
    }

    /// <summary>Whether <paramref name="c"/> is shown as its escape.</summary>
    public static bool IsUnsafe(char c) => char.IsControl(c) && c is not ('\n' or '\r' or '\t');

    /// <summary>Appends <paramref name="c"/>, or its escape when it is unsafe.</summary>
    public static void Append(StringBuilder builder, char c)
    {
        if (IsUnsafe(c)) builder.Append("\\u").Append(((int)c).ToString("X4", CultureInfo.InvariantCulture));
        else builder.Append(c);
    }

    private static int IndexOfUnsafe(string text)
    {
        for (var i = 0; i < text.Length; i++)
        {
            if (IsUnsafe(text[i])) return i;
        }
        return -1;
    }
}

/// <summary>A writer that passes its text on with <see cref="TerminalText.Inert"/> applied: stdout and stderr of irlexec.</summary>
internal sealed class InertTextWriter(TextWriter inner) : TextWriter(CultureInfo.InvariantCulture)
{
    public override Encoding Encoding => inner.Encoding;

    [System.Diagnostics.CodeAnalysis.AllowNull]
    public override string NewLine
    {
        get => inner.NewLine;
        set => inner.NewLine = value;
    }

    public override void Write(char value)
    {
        if (TerminalText.IsUnsafe(value)) inner.Write(TerminalText.Inert(value.ToString()));
        else inner.Write(value);
    }

    public override void Write(string? value) => inner.Write(TerminalText.Inert(value));

    public override void Write(char[] buffer, int index, int count) => inner.Write(TerminalText.Inert(new string(buffer, index, count)));

    public override void WriteLine(string? value) => inner.WriteLine(TerminalText.Inert(value));

    public override Task WriteAsync(string? value) => inner.WriteAsync(TerminalText.Inert(value));

    public override Task WriteLineAsync(string? value) => inner.WriteLineAsync(TerminalText.Inert(value));

    public override void Flush() => inner.Flush();

    public override Task FlushAsync() => inner.FlushAsync();

    public override Task FlushAsync(CancellationToken cancellationToken) => inner.FlushAsync(cancellationToken);

    public override string ToString() => inner.ToString() ?? "";
}
