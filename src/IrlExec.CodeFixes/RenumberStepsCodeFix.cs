using System.Collections.Generic;
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

namespace IrlExec.CodeFixes
{
    /// <summary>
    /// IRL0008 / IRL0009: renumbers a workflow's steps 1, 2, 3, ... keeping their current order; steps that share an order
    /// keep their declaration order. Steps whose order is not a literal are left alone (and the fix is not offered).
    /// </summary>
    [ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(RenumberStepsCodeFix)), Shared]
    public sealed class RenumberStepsCodeFix : CodeFixProvider
    {
        /// <inheritdoc />
        public override ImmutableArray<string> FixableDiagnosticIds { get; } =
            ImmutableArray.Create(DiagnosticIds.DuplicateStepOrder, DiagnosticIds.MissingStepOrder);

        /// <inheritdoc />
        public override FixAllProvider? GetFixAllProvider() => null; // one fix renumbers the whole workflow

        /// <inheritdoc />
        public override async Task RegisterCodeFixesAsync(CodeFixContext context)
        {
            var root = await context.Document.GetSyntaxRootAsync(context.CancellationToken).ConfigureAwait(false);
            foreach (var diagnostic in context.Diagnostics)
            {
                var node = root?.FindToken(diagnostic.Location.SourceSpan.Start).Parent;
                if (node is null) continue;
                // IRL0008 points into a step's [Step(...)]: the workflow is the class around the step class.
                // IRL0009 points at the workflow's name or at a step's order.
                var classes = node.AncestorsAndSelf().OfType<ClassDeclarationSyntax>().ToList();
                var workflow = node.AncestorsAndSelf().OfType<AttributeSyntax>().Any() && classes.Count > 1 ? classes[1] : classes.FirstOrDefault();
                if (workflow is null || Orders(workflow) is not { Count: > 0 } orders) continue;
                context.RegisterCodeFix(
                    CodeAction.Create("Renumber the steps 1, 2, 3, ...", token => RenumberAsync(context.Document, workflow, token), equivalenceKey: nameof(RenumberStepsCodeFix)),
                    diagnostic);
            }
        }

        private static async Task<Document> RenumberAsync(Document document, ClassDeclarationSyntax workflow, CancellationToken cancellationToken)
        {
            var root = await document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false);
            var orders = Orders(workflow)!;
            var renumbered = orders
                .Select((step, index) => (step.Literal, step.Order, Index: index))
                .OrderBy(s => s.Order).ThenBy(s => s.Index)
                .Select((s, position) => (s.Literal, New: position + 1))
                .Where(s => (int)s.Literal.Token.Value! != s.New)
                .ToDictionary(s => s.Literal, s => s.New);
            var updated = root!.ReplaceNodes(renumbered.Keys, (original, _) =>
                SyntaxFactory.LiteralExpression(SyntaxKind.NumericLiteralExpression, SyntaxFactory.Literal(renumbered[original])).WithTriviaFrom(original));
            return document.WithSyntaxRoot(updated);
        }

        /// <summary>The literal order of each [Step] class directly inside <paramref name="workflow"/>, in declaration order; null if one is not a literal.</summary>
        private static List<(LiteralExpressionSyntax Literal, int Order)>? Orders(ClassDeclarationSyntax workflow)
        {
            var orders = new List<(LiteralExpressionSyntax, int)>();
            foreach (var step in workflow.Members.OfType<ClassDeclarationSyntax>())
            {
                var attribute = step.AttributeLists.SelectMany(l => l.Attributes).FirstOrDefault(IsStep);
                if (attribute is null) continue;
                var argument = attribute.ArgumentList?.Arguments.FirstOrDefault(a => a.NameEquals is null);
                if (argument?.Expression is not LiteralExpressionSyntax literal || literal.Token.Value is not int order) return null;
                orders.Add((literal, order));
            }
            return orders;
        }

        private static bool IsStep(AttributeSyntax attribute)
        {
            var name = attribute.Name is QualifiedNameSyntax qualified ? qualified.Right.Identifier.ValueText : (attribute.Name as SimpleNameSyntax)?.Identifier.ValueText;
            return name is "Step" or "StepAttribute";
        }
    }
}
