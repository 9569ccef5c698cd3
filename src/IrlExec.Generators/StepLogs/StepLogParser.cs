using System.Collections.Generic;
using System.Linq;
using System.Text;
using System.Threading;
using IrlExec.Generators.Model;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace IrlExec.Generators.StepLogs
{
    /// <summary>
    /// Turns a <c>[StepLog]</c> method into a <see cref="StepLogEntry"/> (strings only, no symbols), or null when the
    /// method cannot be generated (the analyzer says why: IRL0032, IRL0034).
    /// </summary>
    internal static class StepLogParser
    {
        private static readonly string[] LevelNames = { "Debug", "Info", "Warn", "Error" };

        private static readonly SymbolDisplayFormat TypeFormat = SymbolDisplayFormat.FullyQualifiedFormat.AddMiscellaneousOptions(
            SymbolDisplayMiscellaneousOptions.IncludeNullableReferenceTypeModifier);

        public static StepLogEntry? Parse(GeneratorAttributeSyntaxContext context, CancellationToken cancellationToken)
        {
            if (context.TargetSymbol is not IMethodSymbol method || context.TargetNode is not MethodDeclarationSyntax syntax) return null;
            if (context.Attributes.Length != 1) return null;
            var stepContext = context.SemanticModel.Compilation.GetTypeByMetadataName("IrlExec.StepContext");
            var check = StepLogMethod.Check(method, context.Attributes[0], stepContext);
            if (!check.CanGenerate) return null;
            cancellationToken.ThrowIfCancellationRequested();

            var parameters = method.Parameters
                .Select(p => new LogParameterModel(p.Type.ToDisplayString(TypeFormat), Identifier(p.Name), p.Type.SpecialType == SpecialType.System_String))
                .ToEquatableArray();
            var parts = new List<LogPartModel>(check.Parts.Count);
            for (var i = 0; i < check.Parts.Count; i++)
            {
                var part = check.Parts[i];
                parts.Add(new LogPartModel(part.Literal, part.Name, check.ParameterOfPart[i], part.Alignment, part.Format));
            }
            var level = check.Level!.Value;
            var levelText = level >= 0 && level < LevelNames.Length
                ? "global::IrlExec.ExecutionLogLevel." + LevelNames[level]
                : "(global::IrlExec.ExecutionLogLevel)" + level.ToString(System.Globalization.CultureInfo.InvariantCulture);
            var modifiers = string.Join(" ", syntax.Modifiers.Where(m => !m.IsKind(SyntaxKind.PartialKeyword)).Select(m => m.Text));
            var model = new StepLogMethodModel(modifiers, Identifier(method.Name), parameters, levelText, check.Template!, parts.ToEquatableArray());

            var types = new List<ContainingTypeModel>();
            for (var type = method.ContainingType; type is not null; type = type.ContainingType) types.Insert(0, new ContainingTypeModel(Keyword(type), NameOf(type)));
            var ns = method.ContainingType.ContainingNamespace is { IsGlobalNamespace: false } n ? n.ToDisplayString() : null;
            return new StepLogEntry(HintName(method.ContainingType), ns, types.ToEquatableArray(), model);
        }

        /// <summary>The methods grouped by the type that declares them (in the order met), for one source per type.</summary>
        public static IEnumerable<StepLogTypeModel> GroupByType(System.Collections.Immutable.ImmutableArray<StepLogEntry> entries)
        {
            foreach (var group in entries.GroupBy(e => e.HintName, System.StringComparer.Ordinal))
            {
                var first = group.First();
                yield return new StepLogTypeModel(first.HintName, first.Namespace, first.Types, group.Select(e => e.Method).ToEquatableArray());
            }
        }

        private static string Keyword(INamedTypeSymbol type)
        {
            if (type.IsRecord) return type.TypeKind == TypeKind.Struct ? "record struct" : "record";
            return type.TypeKind switch
            {
                TypeKind.Struct => "struct",
                TypeKind.Interface => "interface",
                _ => "class",
            };
        }

        private static string NameOf(INamedTypeSymbol type) =>
            type.TypeParameters.Length == 0 ? Identifier(type.Name) : Identifier(type.Name) + "<" + string.Join(", ", type.TypeParameters.Select(t => Identifier(t.Name))) + ">";

        private static string Identifier(string name) => SyntaxFacts.GetKeywordKind(name) != SyntaxKind.None ? "@" + name : name;

        // <namespace>.<Outer>.<Inner>.StepLog.g.cs, with only characters a hint name may hold.
        private static string HintName(INamedTypeSymbol type)
        {
            var builder = new StringBuilder();
            foreach (var c in type.ToDisplayString(SymbolDisplayFormat.FullyQualifiedFormat).Replace("global::", ""))
            {
                builder.Append(char.IsLetterOrDigit(c) || c == '.' || c == '_' ? c : '_');
            }
            return builder.Append(".StepLog.g.cs").ToString();
        }
    }
}
