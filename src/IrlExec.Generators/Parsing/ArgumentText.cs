using System;
using System.Collections.Generic;
using Microsoft.CodeAnalysis.Text;

namespace IrlExec.Generators.Parsing
{
    /// <summary>
    /// Reads an attribute's argument list straight from the source text, for the plain form nearly every IrlExec
    /// attribute takes: <c>(literal, Name = literal, ...)</c> where a literal is a string without escapes, a decimal
    /// integer or a decimal real number without exponent or suffix, with only spaces and line breaks between. Reading the
    /// text creates none of the syntax nodes of the arguments (four per named argument), which the compilation would keep
    /// for as long as it lives: on a 1,000-step project they were about 2 MB of a cold run's allocations
    /// (docs/performance.md, benchmark 1). Any other text (a comment, an escape, a constant, <c>nameof</c>, a negative
    /// number, an exponent, ...) returns false and the caller reads the syntax instead, so the values never depend on
    /// which reader ran. ArgumentTextTests compares both on every form.
    /// </summary>
    internal static class ArgumentText
    {
        /// <summary>What kind of literal an argument is.</summary>
        internal enum LiteralKind
        {
            String,
            Number,
        }

        /// <summary>One argument: its name (null when positional) and its literal's value (a string, an int or a double).</summary>
        internal readonly struct Argument
        {
            public Argument(string? name, LiteralKind kind, object value)
            {
                Name = name;
                Kind = kind;
                Value = value;
            }

            public string? Name { get; }
            public LiteralKind Kind { get; }
            public object Value { get; }
        }

        // The powers of ten a double holds exactly: a mantissa below 2^53 divided by one of them is one correctly rounded
        // IEEE division, the value the compiler's (correctly rounding) real parser gives, on any host runtime.
        private static readonly double[] PowersOfTen =
        {
            1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19,
            1e20, 1e21, 1e22,
        };

        private const int MaxExactDigits = 15; // below 2^53

        // Reused per thread: an argument list is copied here once and read from it.
        [ThreadStatic] private static char[]? t_chars;

        // The same names and values recur across a project's steps (tool names, side effects, variable names): one
        // string each, as the compiler's lexer shares them between tokens.
        [ThreadStatic] private static StringTable? t_strings;

        private static StringTable Strings => t_strings ??= new StringTable();

        /// <summary>
        /// Reads the argument list in <paramref name="span"/> of <paramref name="text"/> (from the end of the attribute's
        /// name to the end of the attribute) into <paramref name="arguments"/>; false when the text is not the plain form.
        /// </summary>
        public static bool TryRead(SourceText text, TextSpan span, List<Argument> arguments)
        {
            arguments.Clear();
            if (span.Length == 0) return true; // no argument list
            var chars = t_chars is { } c && c.Length >= span.Length ? c : t_chars = new char[Math.Max(span.Length, 256)];
            text.CopyTo(span.Start, chars, 0, span.Length);
            var reader = new Reader(chars, span.Length);
            var ok = reader.ReadList(arguments);
            if (!ok) arguments.Clear();
            return ok;
        }

        private struct Reader
        {
            private readonly char[] _chars;
            private readonly int _end;
            private int _position;

            public Reader(char[] chars, int end)
            {
                _chars = chars;
                _end = end;
                _position = 0;
            }

            private readonly char Current => _position < _end ? _chars[_position] : '\0';

            public bool ReadList(List<Argument> arguments)
            {
                SkipSpaces();
                if (_position == _end) return true;
                if (Current != '(') return false;
                _position++;
                SkipSpaces();
                if (Current == ')') return AtEndAfterClose();
                while (true)
                {
                    string? name = null;
                    if (IsIdentifierStart(Current))
                    {
                        name = ReadIdentifier();
                        SkipSpaces();
                        if (Current != '=') return false; // `Name: value`, a constant, nameof(...), ...
                        _position++;
                        if (Current == '=') return false; // `==`
                        SkipSpaces();
                    }
                    if (!TryReadLiteral(out var kind, out var value)) return false;
                    arguments.Add(new Argument(name, kind, value));
                    SkipSpaces();
                    if (Current == ',')
                    {
                        _position++;
                        SkipSpaces();
                        continue;
                    }
                    return Current == ')' && AtEndAfterClose();
                }
            }

            private bool AtEndAfterClose()
            {
                _position++;
                SkipSpaces();
                return _position == _end;
            }

            private bool TryReadLiteral(out LiteralKind kind, out object value)
            {
                kind = LiteralKind.String;
                value = null!;
                var c = Current;
                if (c == '"')
                {
                    var start = ++_position;
                    while (_position < _end)
                    {
                        var s = _chars[_position];
                        if (s == '"')
                        {
                            value = Strings.Get(_chars, start, _position - start);
                            _position++;
                            return true;
                        }
                        if (s == '\\' || s == '\n' || s == '\r') return false; // an escape, or not a regular string
                        _position++;
                    }
                    return false;
                }
                if (c < '0' || c > '9') return false;
                kind = LiteralKind.Number;
                return TryReadNumber(out value);
            }

            private bool TryReadNumber(out object value)
            {
                value = null!;
                long whole = 0;
                ulong mantissa = 0;
                var significant = 0;
                while (IsDigit(Current))
                {
                    var digit = Current - '0';
                    if (whole <= int.MaxValue) whole = whole * 10 + digit; // past int: only a real number is read here
                    AddDigit(ref mantissa, ref significant, digit);
                    _position++;
                }
                var fractionDigits = 0;
                if (Current == '.' && _position + 1 < _end && IsDigit(_chars[_position + 1]))
                {
                    _position++;
                    while (IsDigit(Current))
                    {
                        AddDigit(ref mantissa, ref significant, Current - '0');
                        fractionDigits++;
                        _position++;
                    }
                }
                // A suffix (u, l, d, f, m), an exponent, a digit separator, a member access: the syntax decides.
                if (IsIdentifierPart(Current) || Current == '.') return false;
                if (fractionDigits == 0)
                {
                    if (whole > int.MaxValue) return false; // a uint or long literal: the syntax decides
                    value = (int)whole;
                    return true;
                }
                if (significant > MaxExactDigits || fractionDigits >= PowersOfTen.Length) return false;
                value = mantissa / PowersOfTen[fractionDigits];
                return true;
            }

            // Leading zeros are not significant digits.
            private static void AddDigit(ref ulong mantissa, ref int significant, int digit)
            {
                if (significant == 0 && digit == 0) return;
                significant++;
                if (significant <= MaxExactDigits) mantissa = mantissa * 10 + (ulong)digit;
            }

            private string ReadIdentifier()
            {
                var start = _position;
                while (IsIdentifierPart(Current)) _position++;
                return Strings.Get(_chars, start, _position - start);
            }

            private void SkipSpaces()
            {
                while (Current is ' ' or '\t' or '\r' or '\n') _position++;
            }

            private static bool IsDigit(char c) => c >= '0' && c <= '9';

            private static bool IsIdentifierStart(char c) => (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_';

            private static bool IsIdentifierPart(char c) => IsIdentifierStart(c) || IsDigit(c);
        }

        /// <summary>A small fixed-size cache of strings by their characters (a string not found replaces its slot).</summary>
        private sealed class StringTable
        {
            private const int Size = 512; // a power of two
            private readonly string?[] _slots = new string?[Size];

            public string Get(char[] chars, int start, int length)
            {
                var hash = 2166136261u;
                for (var i = 0; i < length; i++) hash = (hash ^ chars[start + i]) * 16777619u;
                ref var slot = ref _slots[hash & (Size - 1)];
                if (slot is { } found && found.Length == length && Same(found, chars, start)) return found;
                return slot = new string(chars, start, length);
            }

            private static bool Same(string text, char[] chars, int start)
            {
                for (var i = 0; i < text.Length; i++)
                {
                    if (text[i] != chars[start + i]) return false;
                }
                return true;
            }
        }
    }
}
