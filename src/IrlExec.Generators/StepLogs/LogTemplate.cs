using System;
using System.Collections.Generic;
using System.Text;

namespace IrlExec.Generators.StepLogs
{
    /// <summary>One part of a log message template: literal text, or a placeholder (<c>{Name}</c>, <c>{Name,10}</c>, <c>{Name:F2}</c>).</summary>
    internal readonly struct LogTemplatePart
    {
        public LogTemplatePart(string? literal, string? name, string? alignment, string? format)
        {
            Literal = literal;
            Name = name;
            Alignment = alignment;
            Format = format;
        }

        /// <summary>The literal text (braces unescaped), or null for a placeholder.</summary>
        public string? Literal { get; }

        /// <summary>The placeholder's name, or null for literal text.</summary>
        public string? Name { get; }

        /// <summary>The alignment after <c>,</c> (an integer, e.g. <c>-10</c>), or null.</summary>
        public string? Alignment { get; }

        /// <summary>The format after <c>:</c> (e.g. <c>F2</c>), or null.</summary>
        public string? Format { get; }
    }

    /// <summary>
    /// Reads a <c>[StepLog]</c> message template the way <c>LoggerMessage</c> reads one: <c>{Name}</c> placeholders with an
    /// optional <c>,alignment</c> and <c>:format</c>, <c>{{</c> and <c>}}</c> for braces. Shared by the generator and the analyzer.
    /// </summary>
    internal static class LogTemplate
    {
        /// <summary>The names every forwarded log event already carries: a placeholder cannot take one.</summary>
        public static readonly string[] ReservedNames = { "ExecutionId", "Workflow", "Step", "StepOrder", "Attempt", "Mode", "OriginalFormat" };

        /// <summary>The parts of <paramref name="template"/>, or null with <paramref name="error"/> saying what is wrong.</summary>
        public static List<LogTemplatePart>? Parse(string template, out string? error)
        {
            error = null;
            var parts = new List<LogTemplatePart>();
            var literal = new StringBuilder();
            var i = 0;
            while (i < template.Length)
            {
                var c = template[i];
                if (c == '{')
                {
                    if (i + 1 < template.Length && template[i + 1] == '{')
                    {
                        literal.Append('{');
                        i += 2;
                        continue;
                    }
                    var close = template.IndexOf('}', i + 1);
                    if (close < 0)
                    {
                        error = $"the '{{' at position {i} has no closing '}}' (write '{{{{' for a brace)";
                        return null;
                    }
                    var inner = template.Substring(i + 1, close - i - 1);
                    if (inner.IndexOf('{') >= 0)
                    {
                        error = $"the placeholder at position {i} holds a '{{'";
                        return null;
                    }
                    var part = ParsePlaceholder(inner, i, out error);
                    if (error is not null) return null;
                    if (literal.Length > 0)
                    {
                        parts.Add(new LogTemplatePart(literal.ToString(), null, null, null));
                        literal.Clear();
                    }
                    parts.Add(part);
                    i = close + 1;
                }
                else if (c == '}')
                {
                    if (i + 1 < template.Length && template[i + 1] == '}')
                    {
                        literal.Append('}');
                        i += 2;
                        continue;
                    }
                    error = $"the '}}' at position {i} closes no placeholder (write '}}}}' for a brace)";
                    return null;
                }
                else
                {
                    literal.Append(c);
                    i++;
                }
            }
            if (literal.Length > 0) parts.Add(new LogTemplatePart(literal.ToString(), null, null, null));
            return parts;
        }

        private static LogTemplatePart ParsePlaceholder(string inner, int position, out string? error)
        {
            error = null;
            string? format = null;
            string? alignment = null;
            var colon = inner.IndexOf(':');
            var head = inner;
            if (colon >= 0)
            {
                format = inner.Substring(colon + 1);
                head = inner.Substring(0, colon);
                if (format.Length == 0)
                {
                    error = $"the placeholder '{{{inner}}}' at position {position} has an empty format after ':'";
                    return default;
                }
            }
            var comma = head.IndexOf(',');
            if (comma >= 0)
            {
                alignment = head.Substring(comma + 1).Trim();
                head = head.Substring(0, comma);
                if (!int.TryParse(alignment, System.Globalization.NumberStyles.AllowLeadingSign, System.Globalization.CultureInfo.InvariantCulture, out _))
                {
                    error = $"the alignment of placeholder '{{{inner}}}' at position {position} is not a whole number";
                    return default;
                }
            }
            var name = head;
            if (!IsIdentifier(name))
            {
                error = name.Length == 0
                    ? $"the placeholder '{{{inner}}}' at position {position} has no name"
                    : $"the placeholder name '{name}' at position {position} is not a C# identifier (letters, digits and '_', not starting with a digit)";
                return default;
            }
            return new LogTemplatePart(null, name, alignment, format);
        }

        private static bool IsIdentifier(string name)
        {
            if (name.Length == 0 || char.IsDigit(name[0])) return false;
            foreach (var c in name)
            {
                if (!(char.IsLetterOrDigit(c) || c == '_')) return false;
            }
            return true;
        }

        /// <summary>Whether <paramref name="name"/> is one of <see cref="ReservedNames"/> (ignoring case).</summary>
        public static bool IsReserved(string name)
        {
            foreach (var reserved in ReservedNames)
            {
                if (string.Equals(reserved, name, StringComparison.OrdinalIgnoreCase)) return true;
            }
            return false;
        }
    }
}
