using Microsoft.CodeAnalysis;

namespace IrlExec.Generators.Analyzers
{
    /// <summary>When two uses of one signal agree on its payload type (IRL0030).</summary>
    internal static class SignalTypes
    {
        /// <summary>
        /// Whether a payload of type <paramref name="a"/> reads as <paramref name="b"/> and back: the same type once
        /// nullable annotations and <c>Nullable&lt;T&gt;</c> are set aside (an <c>int</c> payload fills an <c>int?</c> input).
        /// </summary>
        public static bool Same(ITypeSymbol a, ITypeSymbol b) =>
            SymbolEqualityComparer.Default.Equals(Underlying(a), Underlying(b));

        private static ITypeSymbol Underlying(ITypeSymbol type)
        {
            if (type is INamedTypeSymbol { OriginalDefinition.SpecialType: SpecialType.System_Nullable_T } nullable) type = nullable.TypeArguments[0];
            return type.WithNullableAnnotation(NullableAnnotation.NotAnnotated);
        }
    }
}
