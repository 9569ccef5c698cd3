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
using Microsoft.CodeAnalysis.Text;

namespace IrlExec.CodeFixes
{
    /// <summary>
    /// IRL0005: replaces an unknown variable name with the suggested one — in <c>[Input("name")]</c>, in a
    /// <c>{{name}}</c> template, or, for <c>[Input]</c> named after its property, by naming the variable explicitly.
    /// </summary>
    [ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(ReplaceUnknownVariableCodeFix)), Shared]
    public sealed class ReplaceUnknownVariableCodeFix : CodeFixProvider
    {
        /// <inheritdoc />
        public override ImmutableArray<string> FixableDiagnosticIds { get; } = ImmutableArray.Create(DiagnosticIds.UnknownVariable);

        /// <inheritdoc />
        public override FixAllProvider GetFixAllProvider() => WellKnownFixAllProviders.BatchFixer;

        /// <inheritdoc />
        public override async Task RegisterCodeFixesAsync(CodeFixContext context)
        {
            var text = await context.Document.GetTextAsync(context.CancellationToken).ConfigureAwait(false);
            var root = await context.Document.GetSyntaxRootAsync(context.CancellationToken).ConfigureAwait(false);
            foreach (var diagnostic in context.Diagnostics)
            {
                if (!diagnostic.Properties.TryGetValue(DiagnosticIds.SuggestionProperty, out var suggestion) || suggestion is null) continue;
                diagnostic.Properties.TryGetValue(DiagnosticIds.NameProperty, out var name);
                var span = diagnostic.Location.SourceSpan;
                var title = $"Use variable '{suggestion}'";
                if (diagnostic.Properties.TryGetValue(DiagnosticIds.ImplicitNameProperty, out var implicitName) && implicitName == "true")
                {
                    var property = root?.FindToken(span.Start).Parent?.AncestorsAndSelf().OfType<PropertyDeclarationSyntax>().FirstOrDefault();
                    var input = property?.AttributeLists.SelectMany(l => l.Attributes).FirstOrDefault(IsInput);
                    if (input is null) continue;
                    context.RegisterCodeFix(
                        CodeAction.Create(title, token => NameInputAsync(context.Document, input, suggestion, token), equivalenceKey: nameof(ReplaceUnknownVariableCodeFix)),
                        diagnostic);
                }
                else if (name is not null && span.Length == name.Length && text.ToString(span) == name)
                {
                    // The diagnostic covers exactly the name inside a string literal: replace those characters.
                    context.RegisterCodeFix(
                        CodeAction.Create(title, token => Task.FromResult(context.Document.WithText(text.WithChanges(new TextChange(span, suggestion)))), equivalenceKey: nameof(ReplaceUnknownVariableCodeFix)),
                        diagnostic);
                }
            }
        }

        private static bool IsInput(AttributeSyntax attribute)
        {
            var name = attribute.Name is QualifiedNameSyntax qualified ? qualified.Right.Identifier.ValueText : (attribute.Name as SimpleNameSyntax)?.Identifier.ValueText;
            return name is "Input" or "InputAttribute";
        }

        private static async Task<Document> NameInputAsync(Document document, AttributeSyntax input, string variable, CancellationToken cancellationToken)
        {
            var root = await document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false);
            var argument = SyntaxFactory.AttributeArgument(SyntaxFactory.LiteralExpression(SyntaxKind.StringLiteralExpression, SyntaxFactory.Literal(variable)));
            var arguments = input.ArgumentList is null
                ? SyntaxFactory.AttributeArgumentList(SyntaxFactory.SingletonSeparatedList(argument))
                : input.ArgumentList.WithArguments(input.ArgumentList.Arguments.Insert(0, argument));
            return document.WithSyntaxRoot(root!.ReplaceNode(input, input.WithArgumentList(arguments)));
        }
    }
}
