using IrlExec.Generators.Model;
using Microsoft.CodeAnalysis;

namespace IrlExec.Generators.Parsing
{
    /// <summary>
    /// A <c>[Service]</c> property of a step, as both readers see it (each builds it from the property's symbol, which binds
    /// the property's type but no attribute). <paramref name="TypeName"/> is fully qualified without a top-level
    /// <c>?</c>; <paramref name="IsServiceType"/>: a class, interface, delegate or array type (what
    /// <c>GetService(typeof(T))</c> can return); <paramref name="IsOptional"/>: annotated nullable (<c>IClock?</c>).
    /// </summary>
    internal sealed record ServiceDeclaration(
        string Name,
        bool IsStatic,
        bool IsIndexer,
        Accessibility? Setter,
        string TypeName,
        bool IsServiceType,
        bool IsOptional)
    {
        private static readonly SymbolDisplayFormat FullyQualified = SymbolDisplayFormat.FullyQualifiedFormat
            .AddMiscellaneousOptions(SymbolDisplayMiscellaneousOptions.IncludeNullableReferenceTypeModifier);

        public static ServiceDeclaration Of(IPropertySymbol property)
        {
            var type = property.Type;
            return new ServiceDeclaration(
                property.Name,
                property.IsStatic,
                property.IsIndexer,
                property.SetMethod?.DeclaredAccessibility,
                type.WithNullableAnnotation(NullableAnnotation.NotAnnotated).ToDisplayString(FullyQualified),
                IsServiceTypeKind(type),
                type.IsReferenceType && type.NullableAnnotation == NullableAnnotation.Annotated);
        }

        /// <summary>Whether a <c>[Service]</c> property of this type can be resolved (the analyzer's IRL0031 check too).</summary>
        public static bool IsServiceTypeKind(ITypeSymbol type) =>
            type.TypeKind is TypeKind.Class or TypeKind.Interface or TypeKind.Delegate or TypeKind.Array;
    }
}
