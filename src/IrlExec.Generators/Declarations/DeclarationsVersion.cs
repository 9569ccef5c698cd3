using System;
using System.Collections.Immutable;
using System.Linq;
using System.Security.Cryptography;
using System.Text;
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
        private readonly byte[] _hash;
        private readonly WeakReference<MetadataReference>[] _references;
        private readonly WeakReference<Compilation> _compilation;

        private DeclarationsVersion(byte[] hash, WeakReference<MetadataReference>[] references, Compilation compilation)
        {
            _hash = hash;
            _references = references;
            _compilation = new WeakReference<Compilation>(compilation);
        }

        /// <summary>The version of <paramref name="compilation"/>'s declarations.</summary>
        public static DeclarationsVersion Of(Compilation compilation)
        {
            using (var sha = SHA256.Create())
            {
                var options = Encoding.UTF8.GetBytes(
                    compilation.AssemblyName + "\n" + compilation.Options.NullableContextOptions + "\n" + compilation.Language + "\n");
                sha.TransformBlock(options, 0, options.Length, null, 0);
                foreach (var tree in compilation.SyntaxTrees)
                {
                    var treeHash = DeclarationShape.HashOf(tree);
                    sha.TransformBlock(treeHash, 0, treeHash.Length, null, 0);
                }
                sha.TransformFinalBlock(Array.Empty<byte>(), 0, 0);
                var references = compilation.References.Select(r => new WeakReference<MetadataReference>(r)).ToArray();
                return new DeclarationsVersion(sha.Hash, references, compilation);
            }
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
            if (!_hash.SequenceEqual(other._hash) || _references.Length != other._references.Length) return false;
            for (var i = 0; i < _references.Length; i++)
            {
                // A reference collected since cannot be the one the other version holds: not equal, parse again.
                if (!_references[i].TryGetTarget(out var mine) || !other._references[i].TryGetTarget(out var theirs) || !ReferenceEquals(mine, theirs))
                {
                    return false;
                }
            }
            return true;
        }

        /// <inheritdoc />
        public override bool Equals(object? obj) => Equals(obj as DeclarationsVersion);

        /// <inheritdoc />
        public override int GetHashCode() => BitConverter.ToInt32(_hash, 0);

        /// <inheritdoc />
        public override string ToString() => "declarations " + BitConverter.ToString(_hash, 0, 6).Replace("-", "").ToLowerInvariant();
    }
}
