using System;
using System.Collections.Generic;
using IrlExec.Generators.Model;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace IrlExec.Generators.Parsing
{
    /// <summary>
    /// Reads an IrlExec attribute's arguments when every one is a literal of the parameter's type (or an int literal
    /// for a double), converted as the compiler converts it: the same <see cref="AttributeValues"/> the bound attribute
    /// gives. Anything else (a constant, <c>nameof</c>, a negative number, an argument by name, an unknown property)
    /// returns null, and the symbols decide.
    /// </summary>
    internal static class LiteralArguments
    {
        /// <summary>The type of an argument, as the attribute declares it.</summary>
        internal enum ValueType
        {
            String,
            Int,
            Double,
        }

        /// <summary>What each attribute takes: its constructor's one argument (if any) and its settable properties.</summary>
        internal sealed class Shape
        {
            public Shape(ValueType? argument, bool argumentRequired, Dictionary<string, ValueType> named)
            {
                Argument = argument;
                ArgumentRequired = argumentRequired;
                Named = named;
            }

            public ValueType? Argument { get; }
            public bool ArgumentRequired { get; }
            public Dictionary<string, ValueType> Named { get; }
        }

        // Mirrors src/IrlExec/Attributes (a test compares it with the attribute classes).
        internal static readonly Dictionary<AttributeKind, Shape> Shapes = new()
        {
            [AttributeKind.Step] = new Shape(ValueType.Int, argumentRequired: true, new Dictionary<string, ValueType>
            {
                ["Name"] = ValueType.String,
                ["Component"] = ValueType.String,
                ["Tool"] = ValueType.String,
                ["EstimatedCost"] = ValueType.Double,
                ["EstimatedSeconds"] = ValueType.Double,
                ["SideEffects"] = ValueType.String,
                ["MaxAttempts"] = ValueType.Int,
            }),
            [AttributeKind.Variable] = new Shape(ValueType.String, argumentRequired: false, new Dictionary<string, ValueType>()),
            [AttributeKind.Input] = new Shape(ValueType.String, argumentRequired: false, new Dictionary<string, ValueType> { ["Template"] = ValueType.String }),
            [AttributeKind.Output] = new Shape(ValueType.String, argumentRequired: false, new Dictionary<string, ValueType> { ["Description"] = ValueType.String }),
        };

        public static AttributeValues? Read(AttributeSyntax attribute, AttributeKind kind)
        {
            if (!Shapes.TryGetValue(kind, out var shape)) return null;
            // Sized up front and filled in place: the parser reads one of these per attribute of every step property.
            var list = attribute.ArgumentList?.Arguments ?? default;
            var positional = list.Count > 0 && list[0].NameEquals is null ? 1 : 0;
            var arguments = positional == 0 ? Array.Empty<ConstantValue>() : new ConstantValue[1];
            var named = list.Count == positional ? Array.Empty<NamedValue>() : new NamedValue[list.Count - positional];
            for (var i = 0; i < list.Count; i++)
            {
                var argument = list[i];
                if (argument.NameColon is not null) return null;
                if (argument.NameEquals is { } nameEquals)
                {
                    var name = nameEquals.Name.Identifier.ValueText;
                    if (!shape.Named.TryGetValue(name, out var type) || Contains(named, i - positional, name) ||
                        !TryRead(argument.Expression, type, out var value))
                    {
                        return null;
                    }
                    named[i - positional] = new NamedValue(name, new ConstantValue(value));
                }
                else
                {
                    // Only the first argument may be positional (one constructor parameter), and only if the shape has one.
                    if (i > 0 || shape.Argument is not { } type || !TryRead(argument.Expression, type, out var value))
                    {
                        return null;
                    }
                    arguments[0] = new ConstantValue(value);
                }
            }
            if (shape.ArgumentRequired && arguments.Length == 0) return null;
            return new AttributeValues(new EquatableArray<ConstantValue>(arguments), new EquatableArray<NamedValue>(named));
        }

        private static bool Contains(NamedValue[] named, int count, string name)
        {
            for (var i = 0; i < count; i++)
            {
                if (named[i].Name == name) return true;
            }
            return false;
        }

        private static bool TryRead(ExpressionSyntax expression, ValueType type, out object value)
        {
            value = null!;
            if (expression is not LiteralExpressionSyntax literal) return false;
            var constant = literal.Token.Value;
            switch (type)
            {
                case ValueType.String when literal.IsKind(SyntaxKind.StringLiteralExpression) && constant is string text:
                    value = text;
                    return true;
                case ValueType.Int when literal.IsKind(SyntaxKind.NumericLiteralExpression) && constant is int number:
                    value = number;
                    return true;
                case ValueType.Double when literal.IsKind(SyntaxKind.NumericLiteralExpression) && constant is int or double:
                    value = constant is int whole ? (double)whole : (double)constant;
                    return true;
                default:
                    return false;
            }
        }
    }
}
