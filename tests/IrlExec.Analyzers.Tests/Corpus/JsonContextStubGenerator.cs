using System.Text;
using Microsoft.CodeAnalysis;

namespace IrlExec.Analyzers.Tests.Corpus;

/// <summary>
/// Stands in for System.Text.Json's source generator in the corpus compilations: a partial
/// <c>[JsonSerializable(...)] partial class X : JsonSerializerContext;</c>, written as a user writes it, gets the members
/// the real generator would add (no metadata: the analyzers read only the attributes), so the file compiles.
/// </summary>
internal sealed class JsonContextStubGenerator : IIncrementalGenerator
{
    public void Initialize(IncrementalGeneratorInitializationContext context)
    {
        var contexts = context.SyntaxProvider.ForAttributeWithMetadataName(
                "System.Text.Json.Serialization.JsonSerializableAttribute",
                static (node, _) => node is Microsoft.CodeAnalysis.CSharp.Syntax.ClassDeclarationSyntax,
                static (ctx, _) => (INamedTypeSymbol)ctx.TargetSymbol)
            .Collect();
        context.RegisterSourceOutput(contexts, static (output, types) =>
        {
            foreach (var type in types.Distinct<INamedTypeSymbol>(SymbolEqualityComparer.Default))
            {
                if (type.ContainingType is not null || type.GetMembers("Default").Length > 0) continue;
                var text = new StringBuilder();
                if (!type.ContainingNamespace.IsGlobalNamespace) text.Append("namespace ").Append(type.ContainingNamespace.ToDisplayString()).Append(";\n");
                text.Append($$"""
                    partial class {{type.Name}}
                    {
                        public {{type.Name}}() : base(null) { }
                        public static {{type.Name}} Default { get; } = new();
                        protected override System.Text.Json.JsonSerializerOptions? GeneratedSerializerOptions => null;
                        public override System.Text.Json.Serialization.Metadata.JsonTypeInfo? GetTypeInfo(System.Type type) => null;
                    }
                    """);
                output.AddSource(type.Name + ".Json.g.cs", text.ToString());
            }
        });
    }
}
