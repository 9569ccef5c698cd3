using System;
using System.Collections.Generic;
using IrlExec.Generators.Model;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Text;

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
                ["MaxRecoveryAttempts"] = ValueType.Int,
                ["Signal"] = ValueType.String,
            }),
            [AttributeKind.Variable] = new Shape(ValueType.String, argumentRequired: false, new Dictionary<string, ValueType>()),
            [AttributeKind.Input] = new Shape(ValueType.String, argumentRequired: false, new Dictionary<string, ValueType> { ["Template"] = ValueType.String, ["Signal"] = ValueType.String }),
            [AttributeKind.Output] = new Shape(ValueType.String, argumentRequired: false, new Dictionary<string, ValueType> { ["Description"] = ValueType.String }),
        };

        // Reused per thread: the parser reads one argument list per attribute of every step property.
        [ThreadStatic] private static List<ArgumentText.Argument>? t_arguments;

        public static AttributeValues? Read(AttributeSyntax attribute, AttributeKind kind)
        {
            if (!Shapes.TryGetValue(kind, out var shape)) return null;
            var arguments = t_arguments ??= new List<ArgumentText.Argument>();
            // The text first (no syntax node per argument); anything but the plain form is read from the syntax.
            var values = FromText(attribute, arguments) || FromSyntax(attribute, arguments) ? Values(shape, arguments) : null;
            arguments.Clear(); // hold no value past the read, whichever way it ended
            return values;
        }

        internal static bool FromText(AttributeSyntax attribute, List<ArgumentText.Argument> arguments) =>
            attribute.SyntaxTree.TryGetText(out var text) &&
            ArgumentText.TryRead(text, TextSpan.FromBounds(attribute.Name.Span.End, attribute.Span.End), arguments);

        // Every argument a string or numeric literal (with its value as the compiler reads it); false for anything else.
        internal static bool FromSyntax(AttributeSyntax attribute, List<ArgumentText.Argument> arguments)
        {
            arguments.Clear();
            foreach (var argument in attribute.ArgumentList?.Arguments ?? default)
            {
                if (argument.NameColon is not null || argument.Expression is not LiteralExpressionSyntax literal) return false;
                var kind = literal.Kind() switch
                {
                    SyntaxKind.StringLiteralExpression => ArgumentText.LiteralKind.String,
                    SyntaxKind.NumericLiteralExpression => ArgumentText.LiteralKind.Number,
                    _ => (ArgumentText.LiteralKind?)null,
                };
                if (kind is null || literal.Token.Value is not { } value) return false;
                arguments.Add(new ArgumentText.Argument(argument.NameEquals?.Name.Identifier.ValueText, kind.Value, value));
            }
            return true;
        }

        private static AttributeValues? Values(Shape shape, List<ArgumentText.Argument> list)
        {
            // Sized up front and filled in place: the parser reads one of these per attribute of every step property.
            var positional = list.Count > 0 && list[0].Name is null ? 1 : 0;
            var arguments = positional == 0 ? Array.Empty<ConstantValue>() : new ConstantValue[1];
            var named = list.Count == positional ? Array.Empty<NamedValue>() : new NamedValue[list.Count - positional];
            for (var i = 0; i < list.Count; i++)
            {
                var argument = list[i];
                if (argument.Name is { } name)
                {
                    if (!shape.Named.TryGetValue(name, out var type) || Contains(named, i - positional, name) ||
                        !TryConvert(argument, type, out var value))
                    {
                        return null;
                    }
                    named[i - positional] = new NamedValue(name, new ConstantValue(value));
                }
                else
                {
                    // Only the first argument may be positional (one constructor parameter), and only if the shape has one.
                    if (i > 0 || shape.Argument is not { } type || !TryConvert(argument, type, out var value))
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

        // A literal of the parameter's type, or an int literal for a double, converted as the compiler converts it.
        private static bool TryConvert(ArgumentText.Argument argument, ValueType type, out object value)
        {
            value = null!;
            var constant = argument.Value;
            switch (type)
            {
                case ValueType.String when argument.Kind == ArgumentText.LiteralKind.String && constant is string text:
                    value = text;
                    return true;
                case ValueType.Int when argument.Kind == ArgumentText.LiteralKind.Number && constant is int number:
                    value = number;
                    return true;
                case ValueType.Double when argument.Kind == ArgumentText.LiteralKind.Number && constant is int or double:
                    value = constant is int whole ? (double)whole : (double)constant;
                    return true;
                default:
                    return false;
            }
        }
    }
}
