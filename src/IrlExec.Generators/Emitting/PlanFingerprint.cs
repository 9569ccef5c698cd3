using System.Globalization;
using IrlExec.Generators.Model;

namespace IrlExec.Generators.Emitting
{
    /// <summary>
    /// The plan's fingerprint: FNV-1a (64 bits) over the UTF-8 bytes of its shape text (name, version, variables, steps,
    /// inputs, outputs and their types; see <see cref="Of"/>). Executions store it, and a resume compares it, so the
    /// value must never change for the same plan. The text is hashed as it is produced, never built: one string, one
    /// char buffer and one byte array per workflow were most of what the emitter allocated besides the source itself.
    /// </summary>
    internal sealed class PlanFingerprint
    {
        private const ulong OffsetBasis = 14695981039346656037UL;
        private const ulong Prime = 1099511628211UL;

        private ulong _hash = OffsetBasis;
        private char _pendingHigh; // a high surrogate whose low half may start the next piece

        /// <summary>The fingerprint of <paramref name="workflow"/>: 16 lowercase hex digits.</summary>
        public static string Of(WorkflowModel workflow)
        {
            var shape = new PlanFingerprint();
            shape.Append(workflow.Name).Append("|").Append(workflow.Version);
            foreach (var variable in workflow.Variables) shape.Append("|v:").Append(variable.Name).Append(":").Append(variable.Type.DisplayName);
            foreach (var step in workflow.Steps)
            {
                shape.Append("|s").Append(step.Order).Append(":").Append(step.Name);
                foreach (var input in step.Inputs)
                {
                    shape.Append("|i:").Append(input.Name).Append("=");
                    if (input.Template is null) shape.Append("{{").Append(input.Variable).Append("}}"); // InputModel.Reference
                    else shape.Append(input.Template);
                    shape.Append(":").Append(input.Type.DisplayName);
                }
                foreach (var output in step.Outputs) shape.Append("|o:").Append(output.Name).Append(":").Append(output.Type.DisplayName);
                if (step.Signal.Length > 0) shape.Append("|g:").Append(step.Signal); // only when set: plans without signals keep their fingerprints
                foreach (var input in step.SignalInputs) shape.Append("|gi:").Append(input.PropertyName).Append("=").Append(input.Signal).Append(":").Append(input.Type.DisplayName);
            }
            return shape.Finish().ToString("x16", CultureInfo.InvariantCulture);
        }

        /// <summary>Hashes the UTF-8 bytes of <paramref name="text"/> as <c>Encoding.UTF8</c> encodes the whole shape.</summary>
        internal PlanFingerprint Append(string text)
        {
            foreach (var c in text)
            {
                if (_pendingHigh != '\0')
                {
                    var high = _pendingHigh;
                    _pendingHigh = '\0';
                    if (char.IsLowSurrogate(c))
                    {
                        var codePoint = char.ConvertToUtf32(high, c);
                        Add(0xF0 | (codePoint >> 18));
                        Add(0x80 | ((codePoint >> 12) & 0x3F));
                        Add(0x80 | ((codePoint >> 6) & 0x3F));
                        Add(0x80 | (codePoint & 0x3F));
                        continue;
                    }
                    AddReplacement();
                }
                if (c < 0x80)
                {
                    Add(c);
                }
                else if (c < 0x800)
                {
                    Add(0xC0 | (c >> 6));
                    Add(0x80 | (c & 0x3F));
                }
                else if (char.IsHighSurrogate(c))
                {
                    _pendingHigh = c;
                }
                else if (char.IsLowSurrogate(c))
                {
                    AddReplacement(); // a low surrogate without its high half: U+FFFD, as Encoding.UTF8 writes it
                }
                else
                {
                    Add(0xE0 | (c >> 12));
                    Add(0x80 | ((c >> 6) & 0x3F));
                    Add(0x80 | (c & 0x3F));
                }
            }
            return this;
        }

        // Invariant: the same on every build machine. (The string it replaces was built with StringBuilder.Append(int),
        // which wrote a negative [Workflow(Version = ...)] with the build machine's negative sign.)
        internal PlanFingerprint Append(int number) => Append(IndentedWriter.Invariant(number));

        /// <summary>The hash of everything appended.</summary>
        internal ulong Finish()
        {
            if (_pendingHigh != '\0')
            {
                _pendingHigh = '\0';
                AddReplacement();
            }
            return _hash;
        }

        private void AddReplacement()
        {
            Add(0xEF);
            Add(0xBF);
            Add(0xBD);
        }

        private void Add(int b)
        {
            _hash ^= (byte)b;
            _hash *= Prime;
        }
    }
}
