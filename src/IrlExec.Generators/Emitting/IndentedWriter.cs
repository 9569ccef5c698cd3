using System;
using System.Collections.Generic;
using System.Runtime.CompilerServices;
using System.Text;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Text;

namespace IrlExec.Generators.Emitting
{
    /// <summary>
    /// A small indented text writer for generated source (4 spaces, <c>\n</c> line ends). An interpolated string given to
    /// <see cref="Line(ref LineHandler)"/> or <see cref="Lines(ref BlockHandler)"/> is written straight into the writer,
    /// part by part: no string is built per line (a cold run over a large project writes megabytes of source, and every
    /// intermediate string is garbage the compiler's process must collect).
    /// </summary>
    internal sealed class IndentedWriter
    {
        // One builder per thread, reused by every writer on it: a generated source is ~35 KB, and growing a new builder
        // for each of a large project's workflows allocated as much again as the text itself.
        [ThreadStatic] private static StringBuilder? t_spare;

        // The window ToSourceTextAndRelease copies the builder through, reused per thread.
        [ThreadStatic] private static char[]? t_chunk;

        private readonly StringBuilder _builder;
        private readonly Stack<string> _closings = new Stack<string>();
        private int _indent;

        public IndentedWriter()
        {
            _builder = t_spare ?? new StringBuilder(4096);
            t_spare = null; // taken: a second writer on this thread (nested use) gets its own
            _builder.Clear();
        }

        /// <summary>Writes a line at the current indentation (an empty line stays empty).</summary>
        public IndentedWriter Line(string text = "")
        {
            if (text.Length > 0) Indent().Append(text);
            _builder.Append('\n');
            return this;
        }

        /// <summary>Writes an interpolated line at the current indentation, part by part.</summary>
        public IndentedWriter Line([InterpolatedStringHandlerArgument("")] ref LineHandler line)
        {
            _builder.Append('\n');
            return this;
        }

        /// <summary>Writes every line of a (raw string) block at the current indentation.</summary>
        public IndentedWriter Lines(string block)
        {
            var lines = new BlockHandler(block.Length, 0, this);
            lines.AppendLiteral(block);
            _builder.Append('\n');
            return this;
        }

        /// <summary>Writes every line of an interpolated (raw string) block at the current indentation, part by part.</summary>
        public IndentedWriter Lines([InterpolatedStringHandlerArgument("")] ref BlockHandler block)
        {
            _builder.Append('\n');
            return this;
        }

        /// <summary>Writes <c>{</c> and indents.</summary>
        public IndentedWriter Open(string closing = "}")
        {
            Line("{");
            _indent++;
            _closings.Push(closing);
            return this;
        }

        /// <summary>Outdents and writes the matching <c>}</c> (or <c>};</c>, <c>},</c>, ... as given to <see cref="Open"/>).</summary>
        public IndentedWriter Close()
        {
            _indent--;
            if (_indent < 0) throw new InvalidOperationException("Unbalanced Close().");
            return Line(_closings.Pop());
        }

        /// <summary>The text written so far.</summary>
        public override string ToString() => _builder.ToString();

        /// <summary>The text, and the builder goes back for the next writer on this thread (do not write after this).</summary>
        public string ToStringAndRelease()
        {
            var text = _builder.ToString();
            Release();
            return text;
        }

        /// <summary>
        /// The text as a source for the driver, and the builder goes back for the next writer on this thread (do not
        /// write after this): an <see cref="AsciiSourceText"/> when every character is ASCII (half the memory of a
        /// string), else a UTF-8 text of the string.
        /// </summary>
        public SourceText ToSourceTextAndRelease()
        {
            var length = _builder.Length;
            var bytes = new byte[length];
            var chunk = t_chunk ??= new char[16384];
            var ascii = true;
            for (var start = 0; start < length && ascii; start += chunk.Length)
            {
                var count = Math.Min(chunk.Length, length - start);
                _builder.CopyTo(start, chunk, 0, count);
                // Every character but ASCII takes two or more bytes in UTF-8 (a lone surrogate, three): the counts are
                // equal only for ASCII. Both calls are vectorized on the runtimes compilers run on (a per-character
                // loop here took longer than writing the text).
                if (Encoding.UTF8.GetByteCount(chunk, 0, count) != count)
                {
                    ascii = false;
                    break;
                }
                Encoding.ASCII.GetBytes(chunk, 0, count, bytes, start);
            }
            if (!ascii) return SourceText.From(ToStringAndRelease(), Encoding.UTF8);
            Release();
            return new AsciiSourceText(bytes);
        }

        // The builder goes back for the next writer on this thread; a huge one is not kept for the thread's lifetime.
        private void Release()
        {
            if (_builder.Capacity <= 1 << 20) t_spare = _builder;
        }

        private StringBuilder Indent() => _builder.Append(' ', _indent * 4);

        /// <summary>
        /// Writes one line's parts as they come: the indentation first, then literal text, strings, numbers (invariant)
        /// and <see cref="CSharpLiteral"/>s. The line's end is written by <see cref="Line(ref LineHandler)"/>.
        /// </summary>
        [InterpolatedStringHandler]
        internal readonly struct LineHandler
        {
            private readonly StringBuilder _builder;

            public LineHandler(int literalLength, int formattedCount, IndentedWriter writer) => _builder = writer.Indent();

            public void AppendLiteral(string text) => _builder.Append(text);

            public void AppendFormatted(string? text) => _builder.Append(text);

            public void AppendFormatted(int number) => AppendInvariant(_builder, number);

            public void AppendFormatted(CSharpLiteral literal) => literal.AppendTo(_builder);

            public void AppendFormatted(CSharpLiteralList literals) => literals.AppendTo(_builder);
        }

        /// <summary>
        /// Writes a block's parts as they come, indenting each line that has text; a line's end (<c>\n</c> or
        /// <c>\r\n</c> in the block) is written as <c>\n</c>. Inserted values are written as they are (none holds a line
        /// break). The block's last line end is written by <see cref="Lines(ref BlockHandler)"/>.
        /// </summary>
        [InterpolatedStringHandler]
        internal struct BlockHandler
        {
            private readonly IndentedWriter _writer;
            private bool _lineStarted;

            public BlockHandler(int literalLength, int formattedCount, IndentedWriter writer)
            {
                _writer = writer;
                _lineStarted = false;
            }

            public void AppendLiteral(string text)
            {
                var start = 0;
                while (start < text.Length)
                {
                    var newline = text.IndexOf('\n', start);
                    var end = newline < 0 ? text.Length : newline;
                    var length = newline > start && text[newline - 1] == '\r' ? end - start - 1 : end - start;
                    if (length > 0) StartLine().Append(text, start, length);
                    if (newline < 0) return;
                    _writer._builder.Append('\n');
                    _lineStarted = false;
                    start = newline + 1;
                }
            }

            public void AppendFormatted(string? text)
            {
                if (!string.IsNullOrEmpty(text)) StartLine().Append(text);
            }

            public void AppendFormatted(int number) => AppendInvariant(StartLine(), number);

            public void AppendFormatted(CSharpLiteral literal) => literal.AppendTo(StartLine());

            public void AppendFormatted(CSharpLiteralList literals) => literals.AppendTo(StartLine());

            private StringBuilder StartLine()
            {
                if (_lineStarted) return _writer._builder;
                _lineStarted = true;
                return _writer.Indent();
            }
        }

        // The numbers generated code holds (orders, positions, versions) are small: their text is made once.
        private static readonly string[] SmallNumbers = CreateSmallNumbers(256);

        private static string[] CreateSmallNumbers(int count)
        {
            var numbers = new string[count];
            for (var i = 0; i < count; i++) numbers[i] = i.ToString(System.Globalization.CultureInfo.InvariantCulture);
            return numbers;
        }

        /// <summary><c>number.ToString(CultureInfo.InvariantCulture)</c>, made once for the small ones.</summary>
        internal static string Invariant(int number) =>
            number >= 0 && number < SmallNumbers.Length
                ? SmallNumbers[number]
                : number.ToString(System.Globalization.CultureInfo.InvariantCulture);

        private static void AppendInvariant(StringBuilder builder, int number) => builder.Append(Invariant(number));
    }

    /// <summary>
    /// A string written as a C# string literal (quoted and escaped as <see cref="SymbolDisplay.FormatLiteral(string, bool)"/>
    /// writes it), given whole or as a prefix, a value and a suffix (<c>{{</c>, a name, <c>}}</c>) so that no string is
    /// built for it. Text of printable ASCII without quotes or backslashes, which is almost every name, type and
    /// reference, is written as it is; anything else goes through Roslyn's formatting.
    /// </summary>
    internal readonly struct CSharpLiteral
    {
        private readonly string _prefix;
        private readonly string _value;
        private readonly string _suffix;

        public CSharpLiteral(string value)
            : this("", value, "")
        {
        }

        public CSharpLiteral(string prefix, string value, string suffix)
        {
            _prefix = prefix;
            _value = value;
            _suffix = suffix;
        }

        public void AppendTo(StringBuilder builder)
        {
            if (!IsPlain(_prefix) || !IsPlain(_value) || !IsPlain(_suffix))
            {
                builder.Append(SymbolDisplay.FormatLiteral(_prefix + _value + _suffix, quote: true));
                return;
            }
            builder.Append('"').Append(_prefix).Append(_value).Append(_suffix).Append('"');
        }

        public override string ToString()
        {
            var builder = new StringBuilder(_prefix.Length + _value.Length + _suffix.Length + 2);
            AppendTo(builder);
            return builder.ToString();
        }

        private static bool IsPlain(string text)
        {
            foreach (var c in text)
            {
                if (c < ' ' || c > '~' || c == '"' || c == '\\') return false;
            }
            return true;
        }
    }

    /// <summary>Strings written as C# string literals separated by <c>, </c> (each as <see cref="CSharpLiteral"/> writes it).</summary>
    internal readonly struct CSharpLiteralList
    {
        private readonly IReadOnlyList<string> _values;

        public CSharpLiteralList(IReadOnlyList<string> values) => _values = values;

        public void AppendTo(StringBuilder builder)
        {
            for (var i = 0; i < _values.Count; i++)
            {
                if (i > 0) builder.Append(", ");
                new CSharpLiteral(_values[i]).AppendTo(builder);
            }
        }
    }
}
