using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Text;

namespace IrlExec.Generators.Parsing
{
    /// <summary>
    /// Reads the accessibility of a property's <c>get</c> and <c>set</c>/<c>init</c> accessors. The plain accessor list
    /// nearly every step property has (<c>{ get; set; }</c>, <c>{ get; private init; }</c>: accessibility keywords,
    /// <c>get</c>/<c>set</c>/<c>init</c> and semicolons, with only spaces and line breaks between) is read from the
    /// source text: reading it through the syntax creates the list, its accessors and their list as syntax nodes, which
    /// the compilation keeps for as long as it lives (about 0.85 MB for a 1,000-step project, docs/performance.md,
    /// benchmark 1). Anything else (a body, an attribute, a comment, another modifier, a repeated accessor, an empty
    /// list) is read from the syntax, so the answer never depends on which reader ran. PropertyAccessorsTests compares
    /// both on every form.
    /// </summary>
    internal static class PropertyAccessors
    {
        /// <summary>
        /// The accessors' accessibilities (an accessor without a keyword has the property's,
        /// <paramref name="property"/>; null where there is no such accessor), or false when they cannot be read
        /// (an accessor other than get, set or init, or a repeated one: the symbols decide).
        /// </summary>
        public static bool TryRead(PropertyDeclarationSyntax declaration, Accessibility property, out Accessibility? getter, out Accessibility? setter) =>
            FromText(declaration, property, out getter, out setter) || FromSyntax(declaration, property, out getter, out setter);

        /// <summary>
        /// True when the accessor list is the plain form (accessors without bodies), read from the text alone: the
        /// declarations hash (<see cref="Declarations.DeclarationShape"/>) then needs none of its syntax nodes.
        /// </summary>
        public static bool IsPlain(PropertyDeclarationSyntax declaration) => FromText(declaration, Accessibility.NotApplicable, out _, out _);

        /// <summary>The plain form, read from the text after the property's name; false for any other text.</summary>
        internal static bool FromText(PropertyDeclarationSyntax declaration, Accessibility property, out Accessibility? getter, out Accessibility? setter)
        {
            getter = setter = null;
            if (!declaration.SyntaxTree.TryGetText(out var text)) return false;
            var reader = new Reader(text, declaration.Identifier.Span.End, declaration.Span.End);
            reader.SkipSpaces();
            if (!reader.Take('{')) return false;
            var any = false;
            while (true)
            {
                reader.SkipSpaces();
                if (reader.Take('}')) return any; // an empty list is left to the syntax
                bool isPublic = false, isInternal = false, isProtected = false, isPrivate = false;
                string? word;
                while ((word = reader.Word()) is "public" or "internal" or "protected" or "private")
                {
                    switch (word)
                    {
                        case "public": isPublic = true; break;
                        case "internal": isInternal = true; break;
                        case "protected": isProtected = true; break;
                        default: isPrivate = true; break;
                    }
                    reader.SkipSpaces();
                }
                var accessibility = Accessibilities.Of(isPublic, isInternal, isProtected, isPrivate, property);
                switch (word)
                {
                    case "get" when getter is null:
                        getter = accessibility;
                        break;
                    case "set" or "init" when setter is null:
                        setter = accessibility;
                        break;
                    default:
                        return false; // another modifier, a repeated accessor, or not a word at all
                }
                reader.SkipSpaces();
                if (!reader.Take(';')) return false; // a body, an expression body
                any = true;
            }
        }

        /// <summary>The accessor list's syntax: any form.</summary>
        internal static bool FromSyntax(PropertyDeclarationSyntax declaration, Accessibility property, out Accessibility? getter, out Accessibility? setter)
        {
            getter = setter = null;
            if (declaration.AccessorList is not { } accessors) return false;
            foreach (var accessor in accessors.Accessors)
            {
                var declared = Accessibilities.Of(accessor.Modifiers, property);
                switch (accessor.Kind())
                {
                    case SyntaxKind.GetAccessorDeclaration when getter is null:
                        getter = declared;
                        break;
                    case SyntaxKind.SetAccessorDeclaration or SyntaxKind.InitAccessorDeclaration when setter is null:
                        setter = declared;
                        break;
                    default:
                        return false;
                }
            }
            return true;
        }

        private struct Reader
        {
            private readonly SourceText _text;
            private readonly int _end;
            private int _position;

            public Reader(SourceText text, int start, int end)
            {
                _text = text;
                _position = start;
                _end = end;
            }

            private readonly char Current => _position < _end ? _text[_position] : '\0';

            public void SkipSpaces()
            {
                while (Current is ' ' or '\t' or '\r' or '\n') _position++;
            }

            public bool Take(char c)
            {
                if (Current != c) return false;
                _position++;
                return true;
            }

            /// <summary>One of the words an accessor list may hold (as a shared string), or null for anything else.</summary>
            public string? Word()
            {
                var start = _position;
                while (Current is >= 'a' and <= 'z') _position++;
                // A word must end where a C# identifier ends: `get2`, `get_x`, `getX`, `g\u0065t` are not these words.
                var next = Current;
                if ((next is >= 'A' and <= 'Z' or >= '0' and <= '9' or '_' or '\\') || next > '\u007f') return null;
                return Is(start, "get") ?? Is(start, "set") ?? Is(start, "init") ??
                    Is(start, "public") ?? Is(start, "internal") ?? Is(start, "protected") ?? Is(start, "private");
            }

            private readonly string? Is(int start, string word)
            {
                if (_position - start != word.Length) return null;
                for (var i = 0; i < word.Length; i++)
                {
                    if (_text[start + i] != word[i]) return null;
                }
                return word;
            }
        }
    }
}
