using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Unicode;

namespace IrlExec.Dashboard.Rendering;

/// <summary>
/// Builds a page. Execution data is untrusted input: it only enters through <see cref="Text"/> and <see cref="Attr"/>,
/// which mask credentials (<see cref="SecretRedactor"/>) and HTML-encode, so a step output holding <c>&lt;script&gt;</c>
/// shows as text. <see cref="Markup"/> takes the dashboard's own literals, never data.
/// </summary>
internal sealed class Html
{
    private static readonly HtmlEncoder Encoder = HtmlEncoder.Create(UnicodeRanges.All);
    private readonly StringBuilder _builder;

    public Html(int capacity = 16 * 1024) => _builder = new StringBuilder(capacity);

    /// <summary>Markup written by the dashboard itself (tags, constant attributes). Never pass data here.</summary>
    public Html Markup(string literal)
    {
        _builder.Append(literal);
        return this;
    }

    /// <summary>A text value from an execution (or anywhere): credentials masked, HTML-encoded.</summary>
    public Html Text(string? value)
    {
        if (!string.IsNullOrEmpty(value)) Encoder.Encode(new StringWriter(_builder, CultureInfo.InvariantCulture), SecretRedactor.Redact(value));
        return this;
    }

    /// <summary>A value known to hold no secret (numbers, status names, ids checked as file-safe): HTML-encoded only.</summary>
    public Html Plain(string? value)
    {
        if (!string.IsNullOrEmpty(value)) Encoder.Encode(new StringWriter(_builder, CultureInfo.InvariantCulture), value);
        return this;
    }

    public Html Number(int value) => Markup(value.ToString("N0", CultureInfo.InvariantCulture));

    /// <summary><c> name="value"</c> with the value masked and encoded.</summary>
    public Html Attr(string name, string? value)
    {
        _builder.Append(' ').Append(name).Append("=\"");
        Text(value);
        _builder.Append('"');
        return this;
    }

    /// <summary>
    /// A hidden form field holding the request's antiforgery token: the dashboard's own value, encoded but never masked
    /// (masking could alter a token that happens to look like a credential).
    /// </summary>
    public Html AntiforgeryField((string Name, string Token)? token)
    {
        if (token is not { } field) return this;
        Markup("<input type=\"hidden\" name=\"");
        Plain(field.Name);
        Markup("\" value=\"");
        Plain(field.Token);
        return Markup("\">");
    }

    /// <summary>A whole element whose content is a text value: <c>&lt;tag class="..."&gt;text&lt;/tag&gt;</c>.</summary>
    public Html Element(string tag, string? cssClass, string? text)
    {
        _builder.Append('<').Append(tag);
        if (cssClass is not null) _builder.Append(" class=\"").Append(cssClass).Append('"');
        _builder.Append('>');
        Text(text);
        _builder.Append("</").Append(tag).Append('>');
        return this;
    }

    public int Length => _builder.Length;

    public override string ToString() => _builder.ToString();

    /// <summary>Encodes one value for use inside markup built elsewhere (e.g. an SVG).</summary>
    public static string Encode(string? value) => string.IsNullOrEmpty(value) ? "" : Encoder.Encode(SecretRedactor.Redact(value));
}
