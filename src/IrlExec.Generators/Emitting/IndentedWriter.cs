using System;
using System.Text;

namespace IrlExec.Generators.Emitting
{
    /// <summary>A small indented text writer for generated source (4 spaces, <c>\n</c> line ends).</summary>
    internal sealed class IndentedWriter
    {
        // One builder per thread, reused by every writer on it: a generated source is ~35 KB, and growing a new builder
        // for each of a large project's workflows allocated as much again as the text itself.
        [ThreadStatic] private static StringBuilder? t_spare;

        private readonly StringBuilder _builder;
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
            if (text.Length > 0) _builder.Append(' ', _indent * 4).Append(text);
            _builder.Append('\n');
            return this;
        }

        /// <summary>Writes every line of a (raw string) block at the current indentation.</summary>
        public IndentedWriter Lines(string block)
        {
            // Appends each line straight from the block (no Replace copy, no Split array and line strings: the emitter
            // writes every generated source through here). Same lines as splitting on '\n' after "\r\n" -> "\n".
            var start = 0;
            while (true)
            {
                var newline = block.IndexOf('\n', start);
                var end = newline < 0 ? block.Length : newline;
                var length = newline > start && block[newline - 1] == '\r' ? end - start - 1 : end - start;
                if (length > 0) _builder.Append(' ', _indent * 4).Append(block, start, length);
                _builder.Append('\n');
                if (newline < 0) return this;
                start = newline + 1;
            }
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

        private readonly System.Collections.Generic.Stack<string> _closings = new System.Collections.Generic.Stack<string>();

        /// <summary>The text written so far.</summary>
        public override string ToString() => _builder.ToString();

        /// <summary>The text, and the builder goes back for the next writer on this thread (do not write after this).</summary>
        public string ToStringAndRelease()
        {
            var text = _builder.ToString();
            if (_builder.Capacity <= 1 << 20) t_spare = _builder; // a huge one is not kept for the thread's lifetime
            return text;
        }
    }
}
