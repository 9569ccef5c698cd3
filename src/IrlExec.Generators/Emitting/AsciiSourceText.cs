using System;
using System.Text;
using Microsoft.CodeAnalysis.Text;

namespace IrlExec.Generators.Emitting
{
    /// <summary>
    /// A generated source whose every character is ASCII, kept as one byte per character instead of the two a string
    /// takes. The driver keeps every generated source for as long as it lives (the IDE: for every project, all session
    /// long), and generated C# is almost all ASCII: a 1,000-step project's sources hold 3.9 MB instead of 7.75 MB, and a
    /// cold run allocates that much less (docs/performance.md, benchmark 1). Roslyn reads a source text through
    /// <see cref="CopyTo"/> (the parser, in 2,048-character windows) and the indexer; checksums, lines and embedding in
    /// a PDB come from <see cref="SourceText"/> itself, as for any text. Its <see cref="Encoding"/> is UTF-8, like the
    /// string sources the generator added before (ASCII bytes are the same bytes in UTF-8).
    /// </summary>
    internal sealed class AsciiSourceText : SourceText
    {
        private readonly byte[] _bytes;

        /// <param name="bytes">ASCII characters, one per byte (not copied: the caller gives them up).</param>
        public AsciiSourceText(byte[] bytes) => _bytes = bytes;

        /// <inheritdoc />
        public override Encoding Encoding => Encoding.UTF8;

        /// <inheritdoc />
        public override int Length => _bytes.Length;

        /// <inheritdoc />
        public override char this[int position] => (char)_bytes[position];

        /// <inheritdoc />
        public override void CopyTo(int sourceIndex, char[] destination, int destinationIndex, int count)
        {
            if (destination is null) throw new ArgumentNullException(nameof(destination));
            if (sourceIndex < 0 || count < 0 || sourceIndex > _bytes.Length - count) throw new ArgumentOutOfRangeException(nameof(sourceIndex));
            if (destinationIndex < 0 || destinationIndex > destination.Length - count) throw new ArgumentOutOfRangeException(nameof(destinationIndex));
            for (var i = 0; i < count; i++) destination[destinationIndex + i] = (char)_bytes[sourceIndex + i];
        }

        /// <inheritdoc />
        public override string ToString(TextSpan span)
        {
            if (span.End > _bytes.Length) throw new ArgumentOutOfRangeException(nameof(span));
            return Encoding.ASCII.GetString(_bytes, span.Start, span.Length);
        }
    }
}
