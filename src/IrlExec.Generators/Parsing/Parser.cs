using System;
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
    /// Turns a <c>[Workflow]</c> class symbol into a <see cref="WorkflowModel"/>. Anything invalid (not partial, a bad
    /// name, a step without IStep, an input type without JSON metadata, ...) gives a null model: the generator emits
    /// nothing for it and the analyzer explains why. The parser never reports diagnostics.
    /// </summary>
    internal static class Parser
    {
        private const string StepAttribute = "IrlExec.StepAttribute";
        private const string VariableAttribute = "IrlExec.VariableAttribute";
        private const string InputAttribute = "IrlExec.InputAttribute";
        private const string OutputAttribute = "IrlExec.OutputAttribute";
        private const string SecretAttribute = "IrlExec.SecretAttribute";
        private const string StepInterface = "IrlExec.IStep";
        private const string SimulatedStepInterface = "IrlExec.ISimulatedStep";

        private static readonly SymbolDisplayFormat FullyQualified = SymbolDisplayFormat.FullyQualifiedFormat
            .AddMiscellaneousOptions(SymbolDisplayMiscellaneousOptions.IncludeNullableReferenceTypeModifier);

        private static readonly SymbolDisplayFormat Display = SymbolDisplayFormat.MinimallyQualifiedFormat
            .AddMiscellaneousOptions(SymbolDisplayMiscellaneousOptions.IncludeNullableReferenceTypeModifier);

        /// <summary>Parses the class the <c>[Workflow]</c> attribute is on.</summary>
        public static WorkflowParseResult Parse(GeneratorAttributeSyntaxContext context, CancellationToken cancellationToken)
        {
            if (context.TargetSymbol is not INamedTypeSymbol type ||
                context.TargetNode is not ClassDeclarationSyntax declaration ||
                context.Attributes.Length != 1)
            {
                return new WorkflowParseResult(null);
            }
            return new WorkflowParseResult(ParseWorkflow(type, declaration, context.Attributes[0], cancellationToken));
        }

        private static WorkflowModel? ParseWorkflow(INamedTypeSymbol type, ClassDeclarationSyntax declaration, AttributeData attribute, CancellationToken cancellationToken)
        {
            if (!declaration.Modifiers.Any(SyntaxKind.PartialKeyword) || type.ContainingType is not null ||
                type.IsGenericType || type.IsStatic)
            {
                return null;
            }
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
                var variableAttribute = Find(property, VariableAttribute);
                if (variableAttribute is null) continue;
                if (property.IsStatic || property.IsIndexer || property.GetMethod is null) return null;
                var variableName = variableAttribute.ConstructorArguments.Length == 1 && variableAttribute.ConstructorArguments[0].Value is string explicitName
                    ? explicitName
                    : VariableNaming.ToSnakeCase(property.Name);
                var variableType = DescribeType(property.Type, jsonContext);
                if (!VariableNaming.IsValidVariableName(variableName) || variableType is null) return null;
                variables.Add(new VariableModel(property.Name, variableName, variableType, Find(property, SecretAttribute) is not null, property.IsRequired));
            }

            var steps = new List<StepModel>();
            foreach (var nested in type.GetTypeMembers())
            {
                cancellationToken.ThrowIfCancellationRequested();
                var stepAttribute = Find(nested, StepAttribute);
                if (stepAttribute is null) continue;
                var step = ParseStep(nested, stepAttribute, jsonContext, cancellationToken);
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
                steps.ToEquatableArray());
        }

        private static StepModel? ParseStep(INamedTypeSymbol step, AttributeData attribute, string? jsonContext, CancellationToken cancellationToken)
        {
            if (step.TypeKind != TypeKind.Class || step.IsAbstract || step.IsStatic || step.IsGenericType ||
                step.DeclaredAccessibility is Accessibility.Private or Accessibility.Protected or Accessibility.ProtectedAndInternal)
            {
                return null;
            }
            if (!step.AllInterfaces.Any(i => i.ToDisplayString() == StepInterface)) return null;
            if (!step.InstanceConstructors.Any(c => c.Parameters.Length == 0 && IsReachable(c.DeclaredAccessibility))) return null;
            if (attribute.ConstructorArguments.Length != 1 || attribute.ConstructorArguments[0].Value is not int order) return null;

            var name = Named<string>(attribute, "Name") ?? VariableNaming.ToSnakeCase(step.Name).Replace('_', '-');
            if (!VariableNaming.IsValidWorkflowName(name)) return null;

            var inputs = new List<InputModel>();
            var outputs = new List<OutputModel>();
            foreach (var property in step.GetMembers().OfType<IPropertySymbol>())
            {
                cancellationToken.ThrowIfCancellationRequested();
                var input = Find(property, InputAttribute);
                var output = Find(property, OutputAttribute);
                if (input is null && output is null) continue;
                if (property.IsStatic || property.IsIndexer) return null;
                var propertyType = DescribeType(property.Type, jsonContext);
                if (propertyType is null) return null;
                var isSecret = Find(property, SecretAttribute) is not null;
                if (input is not null)
                {
                    if (property.SetMethod is null || !IsReachable(property.SetMethod.DeclaredAccessibility)) return null;
                    var variable = input.ConstructorArguments.Length == 1 && input.ConstructorArguments[0].Value is string explicitName
                        ? explicitName
                        : VariableNaming.ToSnakeCase(property.Name);
                    var template = Named<string>(input, "Template");
                    if (!VariableNaming.IsValidVariableName(variable)) return null;
                    if (template is not null && (!propertyType.IsString || !TemplateParser.Parse(template).Success)) return null;
                    inputs.Add(new InputModel(property.Name, VariableNaming.ToSnakeCase(property.Name), variable, template, propertyType, isSecret));
                }
                if (output is not null)
                {
                    if (property.GetMethod is null || !IsReachable(property.GetMethod.DeclaredAccessibility)) return null;
                    var variable = output.ConstructorArguments.Length == 1 && output.ConstructorArguments[0].Value is string explicitName
                        ? explicitName
                        : VariableNaming.ToSnakeCase(property.Name);
                    if (!VariableNaming.IsValidVariableName(variable)) return null;
                    outputs.Add(new OutputModel(property.Name, variable, propertyType, Named<string>(output, "Description") ?? "", isSecret));
                }
            }

            var isPartial = step.DeclaringSyntaxReferences.Any(r =>
                r.GetSyntax(cancellationToken) is ClassDeclarationSyntax c && c.Modifiers.Any(SyntaxKind.PartialKeyword));
            return new StepModel(
                step.Name,
                step.ToDisplayString(SymbolDisplayFormat.FullyQualifiedFormat),
                isPartial,
                order,
                name,
                Named<string>(attribute, "Component") ?? "",
                Named<string>(attribute, "Tool") ?? "",
                Named<double?>(attribute, "EstimatedCost") ?? 0d,
                Named<double?>(attribute, "EstimatedSeconds") ?? 0d,
                Named<string>(attribute, "SideEffects") ?? "none",
                Math.Max(1, Named<int?>(attribute, "MaxAttempts") ?? 1),
                step.AllInterfaces.Any(i => i.ToDisplayString() == SimulatedStepInterface),
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

        private static bool IsReachable(Accessibility accessibility) =>
            accessibility is Accessibility.Public or Accessibility.Internal or Accessibility.ProtectedOrInternal;

        private static AttributeData? Find(ISymbol symbol, string attributeName)
        {
            foreach (var attribute in symbol.GetAttributes())
            {
                if (attribute.AttributeClass?.ToDisplayString() == attributeName) return attribute;
            }
            return null;
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
