using System.Collections.Generic;
using Microsoft.CodeAnalysis;

namespace IrlExec.Generators.Analyzers
{
    /// <summary>
    /// The types a source-generated <c>JsonSerializerContext</c> has metadata for, read from its
    /// <c>[JsonSerializable(typeof(T))]</c> attributes (every partial part): each root type and what System.Text.Json's
    /// generator reaches from it (the types of properties and fields, element, key and value types, the type under
    /// <c>Nullable&lt;T&gt;</c>, <c>[JsonDerivedType]</c> types). It over-approximates (every property and field of the user's
    /// types, whatever its accessibility, and every type argument), so a type it does not hold is certainly missing and
    /// <c>GetTypeInfo</c> would return null at run time.
    /// </summary>
    internal sealed class JsonContextTypes
    {
        private readonly HashSet<ITypeSymbol> _types = new HashSet<ITypeSymbol>(SymbolEqualityComparer.Default);

        private JsonContextTypes()
        {
        }

        /// <summary>
        /// The types of <paramref name="context"/>, or null when they cannot be known: it has no <c>[JsonSerializable]</c>
        /// attribute (a hand-written context, or one whose metadata comes from elsewhere) or one that does not resolve.
        /// </summary>
        public static JsonContextTypes? Of(INamedTypeSymbol context)
        {
            var result = new JsonContextTypes();
            var roots = 0;
            foreach (var attribute in context.GetAttributes())
            {
                if (!IsSystemTextJson(attribute.AttributeClass, "JsonSerializableAttribute")) continue;
                if (attribute.ConstructorArguments.Length != 1 || attribute.ConstructorArguments[0].Value is not ITypeSymbol root ||
                    root.TypeKind == TypeKind.Error || root is INamedTypeSymbol { IsUnboundGenericType: true })
                {
                    return null;
                }
                roots++;
                result.Add(root);
            }
            return roots == 0 ? null : result;
        }

        /// <summary>Whether the context has metadata for <paramref name="type"/> (nullable annotations aside).</summary>
        public bool Has(ITypeSymbol type) => _types.Contains(Strip(type));

        private void Add(ITypeSymbol type)
        {
            var pending = new Stack<ITypeSymbol>();
            pending.Push(type);
            while (pending.Count > 0)
            {
                var current = Strip(pending.Pop());
                if (current.TypeKind == TypeKind.Error || !_types.Add(current)) continue;
                switch (current)
                {
                    case IArrayTypeSymbol array:
                        pending.Push(array.ElementType);
                        continue;
                    case INamedTypeSymbol named:
                        foreach (var argument in named.TypeArguments) pending.Push(argument);
                        break;
                }
                if (IsFrameworkType(current)) continue; // string, List<T>, DateTime, ...: their members are not serialized
                for (var owner = current; owner is not null && owner.SpecialType != SpecialType.System_Object; owner = owner.BaseType)
                {
                    foreach (var member in owner.GetMembers())
                    {
                        if (member.IsStatic) continue;
                        if (member is IPropertySymbol { IsIndexer: false } property) pending.Push(property.Type);
                        else if (member is IFieldSymbol { IsImplicitlyDeclared: false } field) pending.Push(field.Type);
                    }
                    foreach (var attribute in owner.GetAttributes())
                    {
                        if (IsSystemTextJson(attribute.AttributeClass, "JsonDerivedTypeAttribute") &&
                            attribute.ConstructorArguments.Length > 0 && attribute.ConstructorArguments[0].Value is ITypeSymbol derived)
                        {
                            pending.Push(derived);
                        }
                    }
                }
            }
        }

        private static ITypeSymbol Strip(ITypeSymbol type) =>
            type.IsReferenceType ? type.WithNullableAnnotation(NullableAnnotation.NotAnnotated) : type;

        private static bool IsFrameworkType(ITypeSymbol type)
        {
            for (var ns = type.ContainingNamespace; ns is not null; ns = ns.ContainingNamespace)
            {
                if (ns.ContainingNamespace is { IsGlobalNamespace: true }) return ns.Name == "System";
            }
            return false;
        }

        private static bool IsSystemTextJson(INamedTypeSymbol? attribute, string name) =>
            attribute is not null && attribute.Name == name &&
            attribute.ContainingNamespace?.ToDisplayString() == "System.Text.Json.Serialization";
    }
}
