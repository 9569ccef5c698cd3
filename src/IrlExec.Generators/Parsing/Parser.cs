using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using System.Threading;
using IrlExec.Generators.Declarations;
using IrlExec.Generators.Model;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace IrlExec.Generators.Parsing
{
    /// <summary>
    /// Turns a <c>[Workflow]</c> class symbol into a <see cref="WorkflowModel"/>. Anything invalid (not partial, a bad
    /// name, a step without IStep, an input type without JSON metadata, ...) gives a null model: the generator emits
    /// nothing for it and the analyzer explains why. The parser never reports diagnostics.
    /// </summary>
    internal static class Parser
    {
        private static readonly SymbolDisplayFormat FullyQualified = SymbolDisplayFormat.FullyQualifiedFormat
            .AddMiscellaneousOptions(SymbolDisplayMiscellaneousOptions.IncludeNullableReferenceTypeModifier);

        private static readonly SymbolDisplayFormat Display = SymbolDisplayFormat.MinimallyQualifiedFormat
            .AddMiscellaneousOptions(SymbolDisplayMiscellaneousOptions.IncludeNullableReferenceTypeModifier);

        /// <summary>
        /// The metadata name (<c>Namespace.Class</c>) of the class a <c>[Workflow]</c> attribute is on, or null when it
        /// is not a top-level class (the analyzer reports a nested workflow). Reads names only: no binding.
        /// </summary>
        public static string? CandidateName(GeneratorAttributeSyntaxContext context)
        {
            if (context.TargetSymbol is not INamedTypeSymbol { TypeKind: TypeKind.Class, ContainingType: null } type) return null;
            var name = type.MetadataName;
            for (var ns = type.ContainingNamespace; ns is { IsGlobalNamespace: false }; ns = ns.ContainingNamespace)
            {
                name = ns.MetadataName + "." + name;
            }
            return name;
        }

        /// <summary>
        /// Parses the workflow classes named by <paramref name="candidates"/> in the compilation of
        /// <paramref name="declarations"/>, in order, skipping duplicates and invalid declarations.
        /// </summary>
        public static EquatableArray<WorkflowModel> ParseAll(ImmutableArray<string> candidates, DeclarationsVersion declarations, CancellationToken cancellationToken)
        {
            if (candidates.IsEmpty) return EquatableArray<WorkflowModel>.Empty;
            var compilation = declarations.Compilation;
            var symbols = ParserSymbols.For(compilation);
            var models = new List<WorkflowModel>(candidates.Length);
            var seen = new HashSet<string>(StringComparer.Ordinal);
            foreach (var candidate in candidates)
            {
                cancellationToken.ThrowIfCancellationRequested();
                if (!seen.Add(candidate)) continue; // a partial class with [Workflow] on two declarations (CS0579)
                // The source assembly only: a workflow is declared in this compilation, and a type of the same name in a
                // reference must not make the lookup ambiguous.
                var type = compilation.Assembly.GetTypeByMetadataName(candidate);
                if (type is null) continue;
                var model = ParseWorkflow(type, symbols, cancellationToken);
                if (model is not null) models.Add(model);
            }
            return models.ToEquatableArray();
        }

        private static WorkflowModel? ParseWorkflow(INamedTypeSymbol type, ParserSymbols symbols, CancellationToken cancellationToken)
        {
            if (type.ContainingType is not null || type.IsGenericType || type.IsStatic || !IsPartial(type, cancellationToken))
            {
                return null;
            }
            var attribute = Find(type, symbols.WorkflowAttribute);
            if (attribute is null) return null;
            if (attribute.ConstructorArguments.Length != 1 || attribute.ConstructorArguments[0].Value is not string name ||
                !VariableNaming.IsValidWorkflowName(name))
            {
                return null;
            }
            var goal = Named<string>(attribute, "Goal") ?? "";
            if (!TemplateParser.Parse(goal).Success) return null;
            var version = Named<int?>(attribute, "Version") ?? 1;
            string? jsonContext = null;
            foreach (var argument in attribute.NamedArguments)
            {
                if (argument.Key == "JsonContext" && argument.Value.Value is INamedTypeSymbol contextType)
                {
                    jsonContext = contextType.ToDisplayString(SymbolDisplayFormat.FullyQualifiedFormat);
                }
            }

            var variables = new List<VariableModel>();
            foreach (var property in type.GetMembers().OfType<IPropertySymbol>())
            {
                var (variableAttribute, secretAttribute) = Find(property, symbols.VariableAttribute, symbols.SecretAttribute);
                if (variableAttribute is null) continue;
                if (property.IsStatic || property.IsIndexer || property.GetMethod is null) return null;
                var variableName = variableAttribute.ConstructorArguments.Length == 1 && variableAttribute.ConstructorArguments[0].Value is string explicitName
                    ? explicitName
                    : VariableNaming.ToSnakeCase(property.Name);
                var variableType = symbols.DescribeType(property.Type, jsonContext);
                if (!VariableNaming.IsValidVariableName(variableName) || variableType is null) return null;
                variables.Add(new VariableModel(property.Name, variableName, variableType, secretAttribute is not null, property.IsRequired));
            }

            var steps = new List<StepModel>();
            foreach (var nested in type.GetTypeMembers())
            {
                cancellationToken.ThrowIfCancellationRequested();
                var stepAttribute = Find(nested, symbols.StepAttribute);
                if (stepAttribute is null) continue;
                var step = ParseStep(nested, stepAttribute, jsonContext, symbols, cancellationToken);
                if (step is null) return null;
                steps.Add(step);
            }
            if (steps.Count == 0) return null;
            steps.Sort((a, b) => a.Order.CompareTo(b.Order));
            for (var i = 0; i < steps.Count; i++)
            {
                if (steps[i].Order != i + 1) return null; // orders must be 1..N
            }
            if (steps.Select(s => s.Name).Distinct(StringComparer.Ordinal).Count() != steps.Count) return null;

            string? migration = null;
            foreach (var method in type.GetMembers().OfType<IMethodSymbol>())
            {
                if (Find(method, symbols.WorkflowMigrationAttribute) is null) continue;
                // A hook of another shape, or a second hook: the analyzer reports it (IRL0025), nothing is emitted.
                if (migration is not null || !symbols.IsMigrationHookShape(method)) return null;
                migration = method.Name;
            }

            var ns = type.ContainingNamespace is { IsGlobalNamespace: false } containing ? containing.ToDisplayString() : "";
            return new WorkflowModel(
                ns,
                type.Name,
                type.ToDisplayString(SymbolDisplayFormat.FullyQualifiedFormat),
                name,
                goal,
                version,
                jsonContext,
                variables.ToEquatableArray(),
                steps.ToEquatableArray(),
                migration);
        }

        private static StepModel? ParseStep(INamedTypeSymbol step, AttributeData attribute, string? jsonContext, ParserSymbols symbols, CancellationToken cancellationToken)
        {
            if (step.TypeKind != TypeKind.Class || step.IsAbstract || step.IsStatic || step.IsGenericType ||
                step.DeclaredAccessibility is Accessibility.Private or Accessibility.Protected or Accessibility.ProtectedAndInternal)
            {
                return null;
            }
            var (isStep, isSimulated) = Implements(step, symbols.Step, symbols.SimulatedStep);
            if (!isStep) return null;
            if (!step.InstanceConstructors.Any(c => c.Parameters.Length == 0 && IsReachable(c.DeclaredAccessibility))) return null;
            if (attribute.ConstructorArguments.Length != 1 || attribute.ConstructorArguments[0].Value is not int order) return null;

            var name = Named<string>(attribute, "Name") ?? VariableNaming.ToSnakeCase(step.Name).Replace('_', '-');
            if (!VariableNaming.IsValidWorkflowName(name)) return null;

            var inputs = new List<InputModel>();
            var outputs = new List<OutputModel>();
            foreach (var property in step.GetMembers().OfType<IPropertySymbol>())
            {
                cancellationToken.ThrowIfCancellationRequested();
                var (input, output, secret) = Find(property, symbols.InputAttribute, symbols.OutputAttribute, symbols.SecretAttribute);
                if (input is null && output is null) continue;
                if (property.IsStatic || property.IsIndexer) return null;
                var propertyType = symbols.DescribeType(property.Type, jsonContext);
                if (propertyType is null) return null;
                var isSecret = secret is not null;
                string? snakeName = null;
                if (input is not null)
                {
                    if (property.SetMethod is null || !IsReachable(property.SetMethod.DeclaredAccessibility)) return null;
                    var variable = input.ConstructorArguments.Length == 1 && input.ConstructorArguments[0].Value is string explicitName
                        ? explicitName
                        : snakeName ??= VariableNaming.ToSnakeCase(property.Name);
                    var template = Named<string>(input, "Template");
                    if (!VariableNaming.IsValidVariableName(variable)) return null;
                    if (template is not null && (!propertyType.IsString || !TemplateParser.Parse(template).Success)) return null;
                    inputs.Add(new InputModel(property.Name, snakeName ??= VariableNaming.ToSnakeCase(property.Name), variable, template, propertyType, isSecret));
                }
                if (output is not null)
                {
                    if (property.GetMethod is null || !IsReachable(property.GetMethod.DeclaredAccessibility)) return null;
                    var variable = output.ConstructorArguments.Length == 1 && output.ConstructorArguments[0].Value is string explicitName
                        ? explicitName
                        : snakeName ??= VariableNaming.ToSnakeCase(property.Name);
                    if (!VariableNaming.IsValidVariableName(variable)) return null;
                    outputs.Add(new OutputModel(property.Name, variable, propertyType, Named<string>(output, "Description") ?? "", isSecret));
                }
            }

            return new StepModel(
                step.Name,
                step.ToDisplayString(SymbolDisplayFormat.FullyQualifiedFormat),
                IsPartial(step, cancellationToken),
                order,
                name,
                Named<string>(attribute, "Component") ?? "",
                Named<string>(attribute, "Tool") ?? "",
                Named<double?>(attribute, "EstimatedCost") ?? 0d,
                Named<double?>(attribute, "EstimatedSeconds") ?? 0d,
                Named<string>(attribute, "SideEffects") ?? "none",
                Math.Max(1, Named<int?>(attribute, "MaxAttempts") ?? 1),
                isSimulated,
                inputs.ToEquatableArray(),
                outputs.ToEquatableArray());
        }

        /// <summary>Describes a variable/input/output type, or returns null when it has no JSON metadata source.</summary>
        internal static TypeModel? DescribeType(ITypeSymbol type, string? jsonContext)
        {
            if (type.TypeKind == TypeKind.Error || type is ITypeParameterSymbol || type.IsRefLikeType) return null;
            var fullName = type.ToDisplayString(FullyQualified);
            var isNullableReference = type.IsReferenceType && type.NullableAnnotation == NullableAnnotation.Annotated;
            var jsonTypeName = isNullableReference
                ? type.WithNullableAnnotation(NullableAnnotation.NotAnnotated).ToDisplayString(FullyQualified)
                : fullName;
            var builtIn = BuiltInJson(jsonTypeName);
            if (builtIn is null && jsonContext is null) return null;
            return new TypeModel(
                fullName,
                jsonTypeName,
                type.ToDisplayString(Display),
                isNullableReference,
                type.SpecialType == SpecialType.System_String,
                builtIn is null ? JsonSource.Context : JsonSource.BuiltIn,
                builtIn ?? "");
        }

        private static string? BuiltInJson(string jsonTypeName) => jsonTypeName switch
        {
            "string" => "global::IrlExec.JsonTypes.String",
            "int" => "global::IrlExec.JsonTypes.Int32",
            "long" => "global::IrlExec.JsonTypes.Int64",
            "bool" => "global::IrlExec.JsonTypes.Boolean",
            "double" => "global::IrlExec.JsonTypes.Double",
            "decimal" => "global::IrlExec.JsonTypes.Decimal",
            "global::System.DateTime" => "global::IrlExec.JsonTypes.DateTime",
            "global::System.DateTimeOffset" => "global::IrlExec.JsonTypes.DateTimeOffset",
            "global::System.Guid" => "global::IrlExec.JsonTypes.Guid",
            "global::System.Collections.Generic.List<string>" => "global::IrlExec.JsonTypes.StringList",
            _ => null,
        };

        // C# requires every declaration of a partial class to say partial (CS0260), so one that does is enough.
        private static bool IsPartial(INamedTypeSymbol type, CancellationToken cancellationToken) =>
            type.DeclaringSyntaxReferences.Any(r =>
                r.GetSyntax(cancellationToken) is ClassDeclarationSyntax c && c.Modifiers.Any(SyntaxKind.PartialKeyword));

        private static bool IsReachable(Accessibility accessibility) =>
            accessibility is Accessibility.Public or Accessibility.Internal or Accessibility.ProtectedOrInternal;

        // The first attribute of each class, in one pass over the symbol's attributes. A class that does not resolve
        // (null: the compilation has no such IrlExec type) matches nothing.
        private static AttributeData? Find(ISymbol symbol, INamedTypeSymbol? attributeClass)
        {
            if (attributeClass is null) return null;
            foreach (var attribute in symbol.GetAttributes())
            {
                if (SymbolEqualityComparer.Default.Equals(attribute.AttributeClass, attributeClass)) return attribute;
            }
            return null;
        }

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

        // Whether the type implements each contract, in one pass over its interfaces.
        private static (bool First, bool Second) Implements(ITypeSymbol type, INamedTypeSymbol? first, INamedTypeSymbol? second)
        {
            bool a = false, b = false;
            foreach (var contract in type.AllInterfaces)
            {
                a |= first is not null && SymbolEqualityComparer.Default.Equals(contract, first);
                b |= second is not null && SymbolEqualityComparer.Default.Equals(contract, second);
            }
            return (a, b);
        }

        private static T? Named<T>(AttributeData attribute, string name)
        {
            foreach (var argument in attribute.NamedArguments)
            {
                if (argument.Key == name && argument.Value.Value is { } value)
                {
                    if (value is T typed) return typed;
                    // Named<double?> on an int constant and the like: convert numeric literals.
                    var target = Nullable.GetUnderlyingType(typeof(T)) ?? typeof(T);
                    if (value is IConvertible && target.IsPrimitive)
                    {
                        return (T)Convert.ChangeType(value, target, System.Globalization.CultureInfo.InvariantCulture);
                    }
                }
            }
            return default;
        }
    }
}
