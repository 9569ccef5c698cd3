using System;
using System.Collections.Generic;
using System.Runtime.CompilerServices;
using System.Security.Cryptography;
using System.Text;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace IrlExec.Generators.Declarations
{
    /// <summary>
    /// A hash of what a syntax tree declares: every token except those inside member bodies (method, constructor,
    /// operator and accessor bodies, expression bodies), plus every preprocessor directive in place (a
    /// <c>#nullable</c> inside a body still changes the declarations after it), plus the tree's language version.
    /// Comments, whitespace and body edits leave it unchanged. Computed once per tree: an edit gives a new tree, and
    /// the unchanged trees of a new compilation are the same objects, so their hashes are found, not recomputed.
    /// </summary>
    internal static class DeclarationShape
    {
        private static readonly ConditionalWeakTable<SyntaxTree, byte[]> Hashes = new ConditionalWeakTable<SyntaxTree, byte[]>();
        private static readonly ConditionalWeakTable<SyntaxTree, byte[]>.CreateValueCallback Compute = ComputeHash;

        /// <summary>The SHA-256 of the declaration shape of <paramref name="tree"/>.</summary>
        public static byte[] HashOf(SyntaxTree tree) => Hashes.GetValue(tree, Compute);

        // Reused per thread: the cold run hashes every tree of the compilation, and the text is only a hash input.
        [ThreadStatic] private static StringBuilder? t_text;
        [ThreadStatic] private static char[]? t_chars;
        [ThreadStatic] private static byte[]? t_bytes;

        /// <summary>The text the hash is computed over (internal for tests: what counts as a declaration change).</summary>
        internal static string TextOf(SyntaxTree tree)
        {
            var text = new StringBuilder();
            AppendShape(tree, text);
            return text.ToString();
        }

        private static void AppendShape(SyntaxTree tree, StringBuilder text)
        {
            if (tree.Options is CSharpParseOptions options) text.Append(options.LanguageVersion).Append('\n');
            var pending = new Stack<SyntaxNodeOrToken>();
            pending.Push(tree.GetRoot());
            while (pending.Count > 0)
            {
                var item = pending.Pop();
                if (item.IsToken)
                {
                    AppendToken(item.AsToken(), text);
                    continue;
                }
                var node = item.AsNode()!;
                if (IsMemberBody(node))
                {
                    // The body's tokens do not declare anything; its directives may (a #nullable changes what follows).
                    text.Append("{…}");
                    if (node.ContainsDirectives) AppendDirectives(node, text);
                    continue;
                }
                var children = node.ChildNodesAndTokens();
                for (var i = children.Count - 1; i >= 0; i--) pending.Push(children[i]);
            }
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
            if (text.Capacity > 1 << 20) t_text = null; // do not keep a huge file's buffers for the thread's lifetime
            if (chars.Length > 1 << 20) t_chars = null;
            if (bytes.Length > 1 << 22) t_bytes = null;
            using (var sha = SHA256.Create())
            {
                return sha.ComputeHash(bytes, 0, length);
            }
        }

        // A body whose statements or expression cannot change any symbol's declaration: C# infers no member type from
        // a body. Field, property and parameter initializers are kept (a const initializer is an attribute argument's
        // value), and so are global statements (rare; kept rather than reasoned about).
        private static bool IsMemberBody(SyntaxNode node) =>
            node.Parent is BaseMethodDeclarationSyntax or AccessorDeclarationSyntax or PropertyDeclarationSyntax or IndexerDeclarationSyntax &&
            node is BlockSyntax or ArrowExpressionClauseSyntax;

        private static void AppendToken(SyntaxToken token, StringBuilder text)
        {
            if (token.ContainsDirectives) AppendDirectiveTrivia(token.LeadingTrivia, text);
            text.Append(token.Text).Append(' ');
            if (token.ContainsDirectives) AppendDirectiveTrivia(token.TrailingTrivia, text);
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
