using System.Collections.Generic;
using System.Linq;
using System.Threading;
using IrlExec.Generators.Model;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace IrlExec.Generators.Parsing
{
    /// <summary>
    /// Reads a workflow's members from its symbols: any declaration, partial classes split over files included. It binds
    /// every attribute it reads, which on a new compilation is most of a cold run's cost; <see cref="SyntaxReader"/>
    /// reads the common shapes without that, and this reader takes whatever it declines.
    /// </summary>
    internal static class SymbolReader
    {
        public static WorkflowMembers Read(INamedTypeSymbol type, string? jsonContext, ParserSymbols symbols, CancellationToken cancellationToken)
        {
            var variables = new List<PropertyDeclaration>();
            foreach (var property in type.GetMembers().OfType<IPropertySymbol>())
            {
                var (variable, secret) = Find(property, symbols.VariableAttribute, symbols.SecretAttribute);
                if (variable is null) continue;
                variables.Add(Describe(property, jsonContext, symbols, Values(variable), null, secret is not null));
            }

            var steps = new List<StepDeclaration>();
            foreach (var nested in type.GetTypeMembers())
            {
                cancellationToken.ThrowIfCancellationRequested();
                var stepAttribute = Find(nested, symbols.StepAttribute);
                if (stepAttribute is null) continue;
                steps.Add(ReadStep(nested, Values(stepAttribute), jsonContext, symbols, cancellationToken));
            }

            var migrations = new List<MigrationDeclaration>();
            foreach (var method in type.GetMembers().OfType<IMethodSymbol>())
            {
                if (Find(method, symbols.WorkflowMigrationAttribute) is null) continue;
                migrations.Add(new MigrationDeclaration(method.Name, symbols.IsMigrationHookShape(method)));
            }

            return new WorkflowMembers(variables.ToEquatableArray(), steps.ToEquatableArray(), migrations.ToEquatableArray());
        }

        /// <summary>Whether a declaration of the class says <c>partial</c> (C# requires all of them to, CS0260).</summary>
        public static bool IsPartial(INamedTypeSymbol type, CancellationToken cancellationToken) =>
            type.DeclaringSyntaxReferences.Any(r =>
                r.GetSyntax(cancellationToken) is ClassDeclarationSyntax c && c.Modifiers.Any(SyntaxKind.PartialKeyword));

        /// <summary>The first attribute of the class, or null (also when the class does not resolve).</summary>
        public static AttributeData? Find(ISymbol symbol, INamedTypeSymbol? attributeClass)
        {
            if (attributeClass is null) return null;
            foreach (var attribute in symbol.GetAttributes())
            {
                if (SymbolEqualityComparer.Default.Equals(attribute.AttributeClass, attributeClass)) return attribute;
            }
            return null;
        }

        /// <summary>An attribute's constant arguments as the parser reads them.</summary>
        public static AttributeValues Values(AttributeData attribute) => new AttributeValues(
            attribute.ConstructorArguments.Select(a => new ConstantValue(a.Kind == TypedConstantKind.Array ? null : a.Value)).ToEquatableArray(),
            attribute.NamedArguments.Select(a => new NamedValue(a.Key, new ConstantValue(a.Value.Kind == TypedConstantKind.Array ? null : a.Value.Value))).ToEquatableArray());

        // The shape checks that read the class itself (not its members) are cheap: no attribute is bound.
        public static bool HasStepShape(INamedTypeSymbol step) =>
            step.TypeKind == TypeKind.Class && !step.IsAbstract && !step.IsStatic && !step.IsGenericType &&
            step.DeclaredAccessibility is not (Accessibility.Private or Accessibility.Protected or Accessibility.ProtectedAndInternal);

        /// <summary>Whether the type implements each contract, in one pass over its interfaces.</summary>
        public static (bool First, bool Second) Implements(ITypeSymbol type, INamedTypeSymbol? first, INamedTypeSymbol? second)
        {
            bool a = false, b = false;
            foreach (var contract in type.AllInterfaces)
            {
                a |= first is not null && SymbolEqualityComparer.Default.Equals(contract, first);
                b |= second is not null && SymbolEqualityComparer.Default.Equals(contract, second);
            }
            return (a, b);
        }

        private static StepDeclaration ReadStep(INamedTypeSymbol step, AttributeValues attribute, string? jsonContext, ParserSymbols symbols, CancellationToken cancellationToken)
        {
            var (isStep, isSimulated) = Implements(step, symbols.Step, symbols.SimulatedStep);
            var properties = new List<PropertyDeclaration>();
            var services = new List<ServiceDeclaration>();
            foreach (var property in step.GetMembers().OfType<IPropertySymbol>())
            {
                cancellationToken.ThrowIfCancellationRequested();
                if (Find(property, symbols.ServiceAttribute) is not null) services.Add(ServiceDeclaration.Of(property));
                var (input, output, secret) = Find(property, symbols.InputAttribute, symbols.OutputAttribute, symbols.SecretAttribute);
                if (input is null && output is null) continue;
                properties.Add(Describe(property, jsonContext, symbols,
                    input is null ? null : Values(input), output is null ? null : Values(output), secret is not null));
            }
            return new StepDeclaration(
                step.Name,
                step.ToDisplayString(SymbolDisplayFormat.FullyQualifiedFormat),
                IsPartial(step, cancellationToken),
                HasStepShape(step),
                isStep,
                isSimulated,
                step.InstanceConstructors.Any(c => c.Parameters.Length == 0 && Parser.IsReachable(c.DeclaredAccessibility)),
                attribute,
                properties.ToEquatableArray(),
                services.ToEquatableArray());
        }

        private static PropertyDeclaration Describe(IPropertySymbol property, string? jsonContext, ParserSymbols symbols, AttributeValues? first, AttributeValues? second, bool isSecret) =>
            new PropertyDeclaration(
                property.Name,
                property.IsStatic,
                property.IsIndexer,
                property.GetMethod?.DeclaredAccessibility,
                property.SetMethod?.DeclaredAccessibility,
                property.IsRequired,
                symbols.DescribeType(property.Type, jsonContext),
                first,
                second,
                isSecret);

        private static (AttributeData? First, AttributeData? Second) Find(ISymbol symbol, INamedTypeSymbol? first, INamedTypeSymbol? second)
        {
            AttributeData? a = null, b = null;
            foreach (var attribute in symbol.GetAttributes())
            {
                var attributeClass = attribute.AttributeClass;
                if (attributeClass is null) continue;
                if (a is null && first is not null && SymbolEqualityComparer.Default.Equals(attributeClass, first)) a = attribute;
                else if (b is null && second is not null && SymbolEqualityComparer.Default.Equals(attributeClass, second)) b = attribute;
            }
            return (a, b);
        }

        private static (AttributeData? First, AttributeData? Second, AttributeData? Third) Find(ISymbol symbol, INamedTypeSymbol? first, INamedTypeSymbol? second, INamedTypeSymbol? third)
        {
            AttributeData? a = null, b = null, c = null;
            foreach (var attribute in symbol.GetAttributes())
            {
                var attributeClass = attribute.AttributeClass;
                if (attributeClass is null) continue;
                if (a is null && first is not null && SymbolEqualityComparer.Default.Equals(attributeClass, first)) a = attribute;
                else if (b is null && second is not null && SymbolEqualityComparer.Default.Equals(attributeClass, second)) b = attribute;
                else if (c is null && third is not null && SymbolEqualityComparer.Default.Equals(attributeClass, third)) c = attribute;
            }
            return (a, b, c);
        }
    }
}
