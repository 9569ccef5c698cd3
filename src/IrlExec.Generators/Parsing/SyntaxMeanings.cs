using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace IrlExec.Generators.Parsing
{
    /// <summary>The accessibility a list of modifiers declares.</summary>
    internal static class Accessibilities
    {
        /// <summary>The declared accessibility, or <paramref name="otherwise"/> when the modifiers name none.</summary>
        public static Accessibility Of(SyntaxTokenList modifiers, Accessibility otherwise)
        {
            bool isPublic = false, isInternal = false, isProtected = false, isPrivate = false;
            foreach (var modifier in modifiers)
            {
                switch (modifier.Kind())
                {
                    case SyntaxKind.PublicKeyword: isPublic = true; break;
                    case SyntaxKind.InternalKeyword: isInternal = true; break;
                    case SyntaxKind.ProtectedKeyword: isProtected = true; break;
                    case SyntaxKind.PrivateKeyword: isPrivate = true; break;
                }
            }
            return Of(isPublic, isInternal, isProtected, isPrivate, otherwise);
        }

        /// <summary>The accessibility the named keywords declare together, or <paramref name="otherwise"/> for none.</summary>
        public static Accessibility Of(bool isPublic, bool isInternal, bool isProtected, bool isPrivate, Accessibility otherwise)
        {
            if (isPublic) return Accessibility.Public;
            if (isProtected && isInternal) return Accessibility.ProtectedOrInternal;
            if (isProtected && isPrivate) return Accessibility.ProtectedAndInternal;
            if (isInternal) return Accessibility.Internal;
            if (isProtected) return Accessibility.Protected;
            if (isPrivate) return Accessibility.Private;
            return otherwise;
        }
    }

    /// <summary>The types C# keywords stand for.</summary>
    internal static class Keywords
    {
        /// <summary>The type a predefined-type keyword names, or <see cref="SpecialType.None"/> (<c>void</c>).</summary>
        public static SpecialType SpecialTypeOf(SyntaxKind keyword) => keyword switch
        {
            SyntaxKind.BoolKeyword => SpecialType.System_Boolean,
            SyntaxKind.ByteKeyword => SpecialType.System_Byte,
            SyntaxKind.SByteKeyword => SpecialType.System_SByte,
            SyntaxKind.ShortKeyword => SpecialType.System_Int16,
            SyntaxKind.UShortKeyword => SpecialType.System_UInt16,
            SyntaxKind.IntKeyword => SpecialType.System_Int32,
            SyntaxKind.UIntKeyword => SpecialType.System_UInt32,
            SyntaxKind.LongKeyword => SpecialType.System_Int64,
            SyntaxKind.ULongKeyword => SpecialType.System_UInt64,
            SyntaxKind.FloatKeyword => SpecialType.System_Single,
            SyntaxKind.DoubleKeyword => SpecialType.System_Double,
            SyntaxKind.DecimalKeyword => SpecialType.System_Decimal,
            SyntaxKind.CharKeyword => SpecialType.System_Char,
            SyntaxKind.StringKeyword => SpecialType.System_String,
            SyntaxKind.ObjectKeyword => SpecialType.System_Object,
            _ => SpecialType.None,
        };
    }
}
