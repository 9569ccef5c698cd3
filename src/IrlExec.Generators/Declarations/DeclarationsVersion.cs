using System;
using System.Linq;
using System.Runtime.CompilerServices;
using System.Security.Cryptography;
using System.Text;
using System.Threading;
using Microsoft.CodeAnalysis;

namespace IrlExec.Generators.Declarations
{
    /// <summary>
    /// The version of everything a compilation declares: equal for two compilations whose syntax trees declare the same
    /// things (<see cref="DeclarationShape"/>), with the same references (the same objects) and the same options that
    /// change declarations. A workflow model reads only declarations (attributes, property types, nested classes,
    /// interfaces, constructors), so two compilations of equal version give equal models: the generator parses again
    /// only when this version changes. That is what makes a method-body edit (most keystrokes in an IDE) cost the
    /// generator no symbol binding at all.
    /// </summary>
    /// <remarks>
    /// It carries the compilation it was computed from, weakly, for the step that parses when the version changed
    /// (then the compilation is the one the driver is running on, so it is alive). A cached version never keeps an old
    /// compilation alive, and the compilation is not part of equality.
    /// </remarks>
    internal sealed class DeclarationsVersion : IEquatable<DeclarationsVersion>
    {
        // An identity per metadata reference object, for the process's lifetime: a reference replaced by a new object (a
        // rebuilt assembly) gets a new one, and a collected one's is never reused. Held weakly by the reference.
        private static readonly ConditionalWeakTable<MetadataReference, object> ReferenceIds = new ConditionalWeakTable<MetadataReference, object>();
        private static readonly ConditionalWeakTable<MetadataReference, object>.CreateValueCallback NewReferenceId = _ => Interlocked.Increment(ref s_lastReferenceId);
        private static long s_lastReferenceId;

        // Creating a SHA256 costs more than a second run's other work (it is an OS object on Linux): one per thread,
        // apart from DeclarationShape's, which hashes trees while this one is in the middle of a version.
        [ThreadStatic] private static SHA256? t_sha;

        private readonly byte[] _hash;
        private readonly long[] _references;
        private readonly WeakReference<Compilation> _compilation;

        private DeclarationsVersion(byte[] hash, long[] references, Compilation compilation)
        {
            _hash = hash;
            _references = references;
            _compilation = new WeakReference<Compilation>(compilation);
        }

        /// <summary>The version of <paramref name="compilation"/>'s declarations.</summary>
        public static DeclarationsVersion Of(Compilation compilation)
        {
            var sha = t_sha ??= SHA256.Create();
            sha.Initialize(); // a version that threw half-way must not leave its bytes in the next one
            var options = Encoding.UTF8.GetBytes(
                compilation.AssemblyName + "\n" + compilation.Options.NullableContextOptions + "\n" + compilation.Language + "\n");
            sha.TransformBlock(options, 0, options.Length, null, 0);
            foreach (var tree in compilation.SyntaxTrees)
            {
                var treeHash = DeclarationShape.HashOf(tree);
                sha.TransformBlock(treeHash, 0, treeHash.Length, null, 0);
            }
            sha.TransformFinalBlock(Array.Empty<byte>(), 0, 0);
            var references = compilation.References.Select(r => (long)ReferenceIds.GetValue(r, NewReferenceId)).ToArray();
            return new DeclarationsVersion(sha.Hash, references, compilation);
        }

        /// <summary>The compilation this version was computed from, while it is alive (it is during the run that computed it).</summary>
        /// <exception cref="InvalidOperationException">The compilation was collected: only a cached version outlives it, and nothing reads a cached one.</exception>
        public Compilation Compilation =>
            _compilation.TryGetTarget(out var compilation)
                ? compilation
                : throw new InvalidOperationException("The compilation of this declarations version is gone; only the current run's version can be parsed.");

        /// <inheritdoc />
        public bool Equals(DeclarationsVersion? other)
        {
            if (other is null) return false;
            if (ReferenceEquals(this, other)) return true;
            return _hash.SequenceEqual(other._hash) && _references.SequenceEqual(other._references);
        }

        /// <inheritdoc />
        public override bool Equals(object? obj) => Equals(obj as DeclarationsVersion);

        /// <inheritdoc />
        public override int GetHashCode() => BitConverter.ToInt32(_hash, 0);

        /// <inheritdoc />
        public override string ToString() => "declarations " + BitConverter.ToString(_hash, 0, 6).Replace("-", "").ToLowerInvariant();
    }
}
