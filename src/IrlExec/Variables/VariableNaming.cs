// Naming and template rules for workflow variables, shared by the runtime and (linked) the generator/analyzer,
// so that compile-time checks and run-time behaviour agree.
#nullable enable
// netstandard2.0 (the generator) has no ArgumentNullException.ThrowIfNull.
#pragma warning disable CA1510
using System;
using System.Collections.Generic;
using System.Text;

namespace IrlExec
{
    /// <summary>Variable naming rules: variables are <c>snake_case</c> names such as <c>file_path</c>.</summary>
#if IRLEXEC_GENERATORS
    internal
#else
    public
#endif
    static class VariableNaming
    {
        /// <summary>
        /// Converts a C# member name to the variable name IrlExec uses for it:
        /// <c>Integration</c> → <c>integration</c>, <c>FilePath</c> → <c>file_path</c>, <c>HTTPStatusCode</c> → <c>http_status_code</c>.
        /// </summary>
        public static string ToSnakeCase(string name)
        {
            if (name is null) throw new ArgumentNullException(nameof(name));
            var builder = new StringBuilder(name.Length + 8);
            for (var i = 0; i < name.Length; i++)
            {
                var c = name[i];
                if (char.IsUpper(c))
                {
                    var previous = i > 0 ? name[i - 1] : '\0';
                    var next = i + 1 < name.Length ? name[i + 1] : '\0';
                    var startsWord = i > 0 && previous != '_' &&
                        (char.IsLower(previous) || char.IsDigit(previous) || (char.IsUpper(previous) && char.IsLower(next)));
                    if (startsWord) builder.Append('_');
                    builder.Append(char.ToLowerInvariant(c));
                }
                else
                {
                    builder.Append(c);
                }
            }
            return builder.ToString();
        }

        /// <summary>Whether <paramref name="name"/> is a valid variable name: a lowercase letter, then lowercase letters, digits or underscores.</summary>
        public static bool IsValidVariableName(string? name)
        {
            if (name is null || name.Length == 0) return false;
            if (!(name[0] >= 'a' && name[0] <= 'z')) return false;
            foreach (var c in name)
            {
                if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_')) return false;
            }
            return true;
        }

        /// <summary>
        /// Whether <paramref name="name"/> is a valid workflow name: usable in file names, lowercase letters, digits and
        /// single dashes between them (<c>incident-approval</c>).
        /// </summary>
        public static bool IsValidWorkflowName(string? name)
        {
            if (name is null || name.Length == 0 || name.Length > 100) return false;
            if (name[0] == '-' || name[name.Length - 1] == '-') return false;
            var previousDash = false;
            foreach (var c in name)
            {
                var dash = c == '-';
                if (!(dash || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9'))) return false;
                if (dash && previousDash) return false;
                previousDash = dash;
            }
            return true;
        }
    }

    /// <summary>One piece of a parsed <c>{{variable}}</c> template: literal text or a variable reference.</summary>
#if IRLEXEC_GENERATORS
    internal
#else
    public
#endif
    readonly struct TemplateSegment
    {
        /// <summary>Creates a segment.</summary>
        public TemplateSegment(bool isVariable, string text, int offset)
        {
            IsVariable = isVariable;
            Text = text;
            Offset = offset;
        }

        /// <summary>True for <c>{{name}}</c>, false for literal text.</summary>
        public bool IsVariable { get; }

        /// <summary>The literal text, or the variable name (trimmed) for a reference.</summary>
        public string Text { get; }

        /// <summary>Where the segment starts in the template (0-based character offset).</summary>
        public int Offset { get; }
    }

    /// <summary>The result of parsing a template: its segments, or the first error.</summary>
#if IRLEXEC_GENERATORS
    internal
#else
    public
#endif
    sealed class TemplateParseResult
    {
        internal TemplateParseResult(IReadOnlyList<TemplateSegment> segments, string? error, int errorOffset)
        {
            Segments = segments;
            Error = error;
            ErrorOffset = errorOffset;
        }

        /// <summary>The segments, in order (empty when <see cref="Error"/> is set).</summary>
        public IReadOnlyList<TemplateSegment> Segments { get; }

        /// <summary>What is wrong with the template, or null when it is well formed.</summary>
        public string? Error { get; }

        /// <summary>Where the error is (0-based character offset), or -1.</summary>
        public int ErrorOffset { get; }

        /// <summary>True when the template is well formed.</summary>
        public bool Success => Error is null;
    }

    /// <summary>Parses <c>{{variable}}</c> templates such as <c>workspace/{{integration}}/out.txt</c>.</summary>
#if IRLEXEC_GENERATORS
    internal
#else
    public
#endif
    static class TemplateParser
    {
        /// <summary>Splits <paramref name="template"/> into literal and variable segments, or reports the first malformation.</summary>
        public static TemplateParseResult Parse(string template)
        {
            if (template is null) throw new ArgumentNullException(nameof(template));
            var segments = new List<TemplateSegment>();
            var literalStart = 0;
            var i = 0;
            while (i < template.Length)
            {
                if (Match(template, i, "{{"))
                {
                    var close = template.IndexOf("}}", i + 2, StringComparison.Ordinal);
                    var nextOpen = template.IndexOf("{{", i + 2, StringComparison.Ordinal);
                    if (close < 0 || (nextOpen >= 0 && nextOpen < close))
                    {
                        return Fail($"'{{{{' at offset {i} has no matching '}}}}'.", i);
                    }
                    var name = template.Substring(i + 2, close - i - 2).Trim();
                    if (name.Length == 0)
                    {
                        return Fail($"Empty variable name in '{{{{}}}}' at offset {i}.", i);
                    }
                    if (!VariableNaming.IsValidVariableName(name))
                    {
                        return Fail($"'{name}' at offset {i} is not a valid variable name (use snake_case: lowercase letters, digits, underscores).", i);
                    }
                    if (i > literalStart) segments.Add(new TemplateSegment(false, template.Substring(literalStart, i - literalStart), literalStart));
                    segments.Add(new TemplateSegment(true, name, i));
                    i = close + 2;
                    literalStart = i;
                }
                else if (Match(template, i, "}}"))
                {
                    return Fail($"'}}}}' at offset {i} has no matching '{{{{'.", i);
                }
                else
                {
                    i++;
                }
            }
            if (literalStart < template.Length) segments.Add(new TemplateSegment(false, template.Substring(literalStart), literalStart));
            return new TemplateParseResult(segments, null, -1);
        }

        /// <summary>The variable names referenced by <paramref name="template"/>, in order of appearance (empty when malformed).</summary>
        public static IReadOnlyList<string> ReferencedNames(string template)
        {
            var names = new List<string>();
            foreach (var segment in Parse(template).Segments)
            {
                if (segment.IsVariable && !names.Contains(segment.Text)) names.Add(segment.Text);
            }
            return names;
        }

        private static bool Match(string text, int index, string token) =>
            index + token.Length <= text.Length && string.CompareOrdinal(text, index, token, 0, token.Length) == 0;

        private static TemplateParseResult Fail(string error, int offset) =>
            new TemplateParseResult(Array.Empty<TemplateSegment>(), error, offset);
    }
}
