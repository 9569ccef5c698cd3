using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Text;

namespace IrlExec.Generators.Analyzers
{
    /// <summary>Finds where an attribute's arguments are written, so diagnostics point at the exact text to change.</summary>
    internal static class AttributeArguments
    {
        /// <summary>The attribute's syntax, or null when it comes from metadata.</summary>
        public static AttributeSyntax? Syntax(AttributeData attribute, CancellationToken cancellationToken) =>
            attribute.ApplicationSyntaxReference?.GetSyntax(cancellationToken) as AttributeSyntax;

        /// <summary>The expression of the positional argument at <paramref name="index"/>.</summary>
        public static ExpressionSyntax? Positional(AttributeSyntax? syntax, int index)
        {
            if (syntax?.ArgumentList is null) return null;
            var position = 0;
            foreach (var argument in syntax.ArgumentList.Arguments)
            {
                if (argument.NameEquals is not null) continue;
                if (position++ == index) return argument.Expression;
            }
            return null;
        }

        /// <summary>The expression of the named argument <paramref name="name"/> (<c>Goal = "..."</c>).</summary>
        public static ExpressionSyntax? Named(AttributeSyntax? syntax, string name)
        {
            if (syntax?.ArgumentList is null) return null;
            foreach (var argument in syntax.ArgumentList.Arguments)
            {
                if (argument.NameEquals?.Name.Identifier.ValueText == name) return argument.Expression;
            }
            return null;
        }

        /// <summary>The location of <paramref name="expression"/>, or of the attribute, or of <paramref name="fallback"/>.</summary>
        public static Location Locate(ExpressionSyntax? expression, AttributeSyntax? syntax, ISymbol fallback) =>
            expression?.GetLocation() ?? syntax?.GetLocation() ?? First(fallback);

        /// <summary>
        /// The location of characters <paramref name="offset"/>..+<paramref name="length"/> of the string constant that
        /// <paramref name="expression"/> writes, when it is a plain literal whose source text maps one-to-one onto its value
        /// (no escapes); otherwise the whole expression.
        /// </summary>
        public static Location InsideLiteral(ExpressionSyntax expression, int offset, int length)
        {
            if (expression is LiteralExpressionSyntax literal && literal.IsKind(SyntaxKind.StringLiteralExpression))
            {
                var token = literal.Token;
                var text = token.Text;
                var value = token.ValueText;
                var prefix = text.StartsWith("@\"", System.StringComparison.Ordinal) ? 2 : text.StartsWith("\"", System.StringComparison.Ordinal) ? 1 : -1;
                if (prefix > 0 && text.Length == value.Length + prefix + 1 && string.CompareOrdinal(text, prefix, value, 0, value.Length) == 0 &&
                    offset >= 0 && offset + length <= value.Length)
                {
                    return Location.Create(expression.SyntaxTree, new TextSpan(token.SpanStart + prefix + offset, length));
                }
            }
            return expression.GetLocation();
        }

        /// <summary>The first source location of <paramref name="symbol"/> (its name in its declaration).</summary>
        public static Location First(ISymbol symbol) => symbol.Locations.Length > 0 ? symbol.Locations[0] : Location.None;
    }
}
