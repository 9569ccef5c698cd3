using System.Collections.Immutable;
using System.Composition;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Formatting;
using Microsoft.CodeAnalysis.Simplification;

namespace IrlExec.CodeFixes
{
    /// <summary>IRL0012: adds <c>IStep</c> to a step class, with a stub <c>ExecuteAsync</c> when it has none.</summary>
    [ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(ImplementIStepCodeFix)), Shared]
    public sealed class ImplementIStepCodeFix : CodeFixProvider
    {
        private const string Stub =
            "public global::System.Threading.Tasks.ValueTask ExecuteAsync(global::IrlExec.StepContext context, global::System.Threading.CancellationToken cancellationToken)\n" +
            "{\n" +
            "    throw new global::System.NotImplementedException();\n" +
            "}\n";

        /// <inheritdoc />
        public override ImmutableArray<string> FixableDiagnosticIds { get; } = ImmutableArray.Create(DiagnosticIds.StepWithoutIStep);

        /// <inheritdoc />
        public override FixAllProvider GetFixAllProvider() => WellKnownFixAllProviders.BatchFixer;

        /// <inheritdoc />
        public override async Task RegisterCodeFixesAsync(CodeFixContext context)
        {
            var root = await context.Document.GetSyntaxRootAsync(context.CancellationToken).ConfigureAwait(false);
            foreach (var diagnostic in context.Diagnostics)
            {
                var declaration = root?.FindToken(diagnostic.Location.SourceSpan.Start).Parent?.AncestorsAndSelf().OfType<ClassDeclarationSyntax>().FirstOrDefault();
                if (declaration is null) continue;
                context.RegisterCodeFix(
                    CodeAction.Create(
                        "Implement IStep",
                        token => ImplementAsync(context.Document, declaration, token),
                        equivalenceKey: nameof(ImplementIStepCodeFix)),
                    diagnostic);
            }
        }

        private static async Task<Document> ImplementAsync(Document document, ClassDeclarationSyntax declaration, CancellationToken cancellationToken)
        {
            var root = await document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false);
            var contract = SyntaxFactory.SimpleBaseType(SyntaxFactory.ParseTypeName("global::IrlExec.IStep").WithAdditionalAnnotations(Simplifier.Annotation));
            ClassDeclarationSyntax updated;
            if (declaration.BaseList is null)
            {
                // "class X\n{" → "class X : IStep\n{": the identifier's line break moves after the base list.
                var trailing = declaration.TypeParameterList?.GetTrailingTrivia() ?? declaration.Identifier.TrailingTrivia;
                var withoutTrailing = declaration.TypeParameterList is null
                    ? declaration.WithIdentifier(declaration.Identifier.WithTrailingTrivia(SyntaxFactory.Space))
                    : declaration.WithTypeParameterList(declaration.TypeParameterList.WithTrailingTrivia(SyntaxFactory.Space));
                var baseList = SyntaxFactory.BaseList(SyntaxFactory.SingletonSeparatedList<BaseTypeSyntax>(contract))
                    .WithColonToken(SyntaxFactory.Token(SyntaxKind.ColonToken).WithTrailingTrivia(SyntaxFactory.Space))
                    .WithTrailingTrivia(trailing);
                updated = withoutTrailing.WithBaseList(baseList);
            }
            else
            {
                updated = declaration.AddBaseListTypes(contract);
            }
            var hasExecute = declaration.Members.OfType<MethodDeclarationSyntax>().Any(m => m.Identifier.ValueText == "ExecuteAsync");
            if (!hasExecute && SyntaxFactory.ParseMemberDeclaration(Stub) is { } stub)
            {
                if (declaration.Members.Count > 0)
                {
                    // A blank line between the existing members and the stub, in the file's own line ending.
                    var newline = root!.DescendantTrivia().FirstOrDefault(t => t.IsKind(SyntaxKind.EndOfLineTrivia));
                    stub = stub.WithLeadingTrivia(newline == default ? SyntaxFactory.LineFeed : newline);
                }
                updated = updated.AddMembers(stub.WithAdditionalAnnotations(Formatter.Annotation, Simplifier.Annotation));
            }
            return document.WithSyntaxRoot(root!.ReplaceNode(declaration, updated));
        }
    }
}
