using System;
using System.Collections.Generic;
using System.Runtime.CompilerServices;
using System.Security.Cryptography;
using System.Text;
using IrlExec.Generators.Parsing;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Text;

namespace IrlExec.Generators.Declarations
{
    /// <summary>
    /// A hash of what a syntax tree declares: the source text of every member except its body (method, constructor,
    /// operator and accessor bodies, expression bodies), the headers of namespaces and types, every preprocessor
    /// directive (a <c>#nullable</c> inside a body changes the declarations after it), and the language version.
    /// Edits inside bodies, and comments or blank lines between members, leave it unchanged. Computed once per tree: an
    /// edit gives a new tree, and the unchanged trees of a new compilation are the same objects, so their hashes are
    /// found, not recomputed. The walk stops at members: no node inside a body is ever materialized.
    /// </summary>
    internal static class DeclarationShape
    {
        private static readonly ConditionalWeakTable<SyntaxTree, byte[]> Hashes = new ConditionalWeakTable<SyntaxTree, byte[]>();
        private static readonly ConditionalWeakTable<SyntaxTree, byte[]>.CreateValueCallback Compute = ComputeHash;

        // Reused per thread: the cold run hashes every tree of the compilation, and the text is only a hash input.
        [ThreadStatic] private static StringBuilder? t_text;
        [ThreadStatic] private static char[]? t_chars;
        [ThreadStatic] private static byte[]? t_bytes;
        [ThreadStatic] private static char[]? t_copy;
        [ThreadStatic] private static List<SyntaxNode>? t_bodies;
        // Creating a SHA256 costs more than hashing a tree's shape with it (it is an OS object on Linux): one per thread.
        [ThreadStatic] private static SHA256? t_sha;

        /// <summary>The SHA-256 of the declaration shape of <paramref name="tree"/>.</summary>
        public static byte[] HashOf(SyntaxTree tree) => Hashes.GetValue(tree, Compute);

        /// <summary>The text the hash is computed over (internal for tests: what counts as a declaration change).</summary>
        internal static string TextOf(SyntaxTree tree)
        {
            var text = new StringBuilder();
            AppendShape(tree, text);
            return text.ToString();
        }

        private static byte[] ComputeHash(SyntaxTree tree)
        {
            var text = t_text ??= new StringBuilder();
            text.Clear();
            AppendShape(tree, text);
            var chars = t_chars is { } c && c.Length >= text.Length ? c : t_chars = new char[Math.Max(text.Length, 4096)];
            text.CopyTo(0, chars, 0, text.Length);
            var byteCount = Encoding.UTF8.GetMaxByteCount(text.Length);
            var bytes = t_bytes is { } b && b.Length >= byteCount ? b : t_bytes = new byte[Math.Max(byteCount, 16384)];
            var length = Encoding.UTF8.GetBytes(chars, 0, text.Length, bytes, 0);
            // Do not keep a huge file's buffers for the thread's lifetime.
            if (text.Capacity > 1 << 20) t_text = null;
            if (chars.Length > 1 << 20) t_chars = null;
            if (bytes.Length > 1 << 22) t_bytes = null;
            return (t_sha ??= SHA256.Create()).ComputeHash(bytes, 0, length);
        }

        private static void AppendShape(SyntaxTree tree, StringBuilder text)
        {
            if (tree.Options is CSharpParseOptions options) text.Append(options.LanguageVersion).Append('\n');
            var source = tree.GetText();
            AppendContainer(tree.GetRoot(), source, text);
        }

        // A compilation unit, namespace or type: its own tokens and header parts as they are, its members one by one.
        private static void AppendContainer(SyntaxNode container, SourceText source, StringBuilder text)
        {
            foreach (var child in container.ChildNodesAndTokens())
            {
                if (child.IsToken)
                {
                    AppendToken(child.AsToken(), text);
                    continue;
                }
                var node = child.AsNode()!;
                AppendLeadingDirectives(node, text);
                if (node is BaseNamespaceDeclarationSyntax or BaseTypeDeclarationSyntax)
                {
                    AppendContainer(node, source, text);
                }
                else if (node is MemberDeclarationSyntax member)
                {
                    AppendMember(member, source, text);
                }
                else
                {
                    // Usings, attribute lists, base lists, type parameters, constraints: declarations through and through.
                    Append(source, node.Span, text);
                }
                text.Append('\n');
            }
        }

        // A member's text from its first to its last token, with each body replaced by a marker; a body's directives are
        // kept, because a #nullable or #define inside it changes what the lines after it declare.
        private static void AppendMember(MemberDeclarationSyntax member, SourceText source, StringBuilder text)
        {
            var bodies = t_bodies ??= new List<SyntaxNode>(2);
            bodies.Clear();
            AddBodies(member, bodies);
            var start = member.Span.Start;
            foreach (var body in bodies)
            {
                Append(source, TextSpan.FromBounds(start, body.Span.Start), text);
                text.Append("{…}");
                if (body.ContainsDirectives) AppendDirectives(body, text);
                start = body.Span.End;
            }
            Append(source, TextSpan.FromBounds(start, member.Span.End), text);
            bodies.Clear();
        }

        // Adds the bodies of a member in source order, to a list reused per thread (a cold run visits every member of
        // every tree). C# infers no member's type from a body; field, property and parameter
        // initializers are not bodies (a const initializer is an attribute argument's value).
        private static void AddBodies(MemberDeclarationSyntax member, List<SyntaxNode> bodies)
        {
            switch (member)
            {
                case BaseMethodDeclarationSyntax method:
                    AddBody(method.Body, method.ExpressionBody, bodies);
                    break;
                case PropertyDeclarationSyntax property when PropertyAccessors.IsPlain(property):
                    break; // `{ get; set; }`: no body, and its accessors read from the text, not as syntax nodes
                case BasePropertyDeclarationSyntax property:
                    if (property.AccessorList is { } accessors)
                    {
                        foreach (var accessor in accessors.Accessors) AddBody(accessor.Body, accessor.ExpressionBody, bodies);
                    }
                    if (property is PropertyDeclarationSyntax { ExpressionBody: { } propertyBody }) bodies.Add(propertyBody);
                    else if (property is IndexerDeclarationSyntax { ExpressionBody: { } indexerBody }) bodies.Add(indexerBody);
                    break;
            }
        }

        private static void AddBody(BlockSyntax? block, ArrowExpressionClauseSyntax? expression, List<SyntaxNode> bodies)
        {
            if (block is not null) bodies.Add(block);
            if (expression is not null) bodies.Add(expression);
        }

        // Copies a span of the source text through a reused buffer (SourceText.CopyTo; no substring per member).
        private static void Append(SourceText source, TextSpan span, StringBuilder text)
        {
            if (span.Length <= 0) return;
            var buffer = t_copy ??= new char[1024];
            for (var position = span.Start; position < span.End; position += buffer.Length)
            {
                var count = Math.Min(buffer.Length, span.End - position);
                source.CopyTo(position, buffer, 0, count);
                text.Append(buffer, 0, count);
            }
        }

        private static void AppendToken(SyntaxToken token, StringBuilder text)
        {
            if (token.ContainsDirectives) AppendDirectiveTrivia(token.LeadingTrivia, text);
            text.Append(token.Text).Append(' ');
            if (token.ContainsDirectives) AppendDirectiveTrivia(token.TrailingTrivia, text);
        }

        private static void AppendLeadingDirectives(SyntaxNode node, StringBuilder text)
        {
            if (node.ContainsDirectives) AppendDirectiveTrivia(node.GetLeadingTrivia(), text);
        }

        private static void AppendDirectives(SyntaxNode node, StringBuilder text)
        {
            foreach (var token in node.DescendantTokens())
            {
                if (!token.ContainsDirectives) continue;
                AppendDirectiveTrivia(token.LeadingTrivia, text);
                AppendDirectiveTrivia(token.TrailingTrivia, text);
            }
        }

        private static void AppendDirectiveTrivia(SyntaxTriviaList trivia, StringBuilder text)
        {
            foreach (var item in trivia)
            {
                if (item.IsDirective) text.Append('\n').Append(item.ToString().Trim()).Append('\n');
            }
        }
    }
}
