using System;
using System.Text;

namespace IrlExec.Generators.Emitting
{
    /// <summary>A small indented text writer for generated source (4 spaces, <c>\n</c> line ends).</summary>
    internal sealed class IndentedWriter
    {
        private readonly StringBuilder _builder = new StringBuilder(4096);
        private int _indent;

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
            foreach (var line in block.Replace("\r\n", "\n").Split('\n')) Line(line);
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

        private readonly System.Collections.Generic.Stack<string> _closings = new System.Collections.Generic.Stack<string>();

        public override string ToString() => _builder.ToString();
    }
}
