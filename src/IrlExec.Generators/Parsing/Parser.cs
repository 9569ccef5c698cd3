using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using System.Threading;
using IrlExec.Generators.Declarations;
using IrlExec.Generators.Model;
using Microsoft.CodeAnalysis;

namespace IrlExec.Generators.Parsing
{
    /// <summary>
    /// Turns a <c>[Workflow]</c> class into a <see cref="WorkflowModel"/>: the class's own attribute from its symbol,
    /// its members' declarations from <see cref="SyntaxReader"/> (or <see cref="SymbolReader"/> when that declines),
    /// then one set of checks. Anything invalid (not partial, a bad name, a step without IStep, an input type without
    /// JSON metadata, ...) gives a null model: the generator emits nothing for it and the analyzer explains why. The
    /// parser never reports diagnostics.
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
                var model = ParseWorkflow(type, symbols, readSyntax: true, cancellationToken) ?? Stub(type, symbols, cancellationToken);
                if (model is not null) models.Add(model);
            }
            return models.ToEquatableArray();
        }

        /// <summary>
        /// Parses one workflow class; <paramref name="readSyntax"/> false reads its members from symbols only (the
        /// equivalence tests compare both ways).
        /// </summary>
        internal static WorkflowModel? ParseWorkflow(INamedTypeSymbol type, ParserSymbols symbols, bool readSyntax, CancellationToken cancellationToken)
        {
            if (type.ContainingType is not null || type.IsGenericType || type.IsStatic || !SymbolReader.IsPartial(type, cancellationToken))
            {
                return null;
            }
            // FAWMN bound the class's own attributes already (that is how it found it): reading them here is free.
            var attribute = SymbolReader.Find(type, symbols.WorkflowAttribute);
            if (attribute is null) return null;
            var values = SymbolReader.Values(attribute);
            if (values.SingleString is not { } name || !VariableNaming.IsValidWorkflowName(name)) return null;
            var goal = values.Get<string>("Goal") ?? "";
            if (!TemplateParser.Parse(goal).Success) return null;
            var version = values.Get<int?>("Version") ?? 1;
            var jsonContext = JsonContextOf(attribute);
            var members = (readSyntax ? SyntaxReader.TryRead(type, jsonContext, symbols, cancellationToken) : null)
                ?? SymbolReader.Read(type, jsonContext, symbols, cancellationToken);

            var variables = new List<VariableModel>();
            foreach (var property in members.Variables)
            {
                if (property.IsStatic || property.IsIndexer || property.Getter is null) return null;
                var variableName = property.First!.SingleString ?? symbols.SnakeCase(property.Name);
                if (!VariableNaming.IsValidVariableName(variableName) || property.Type is null) return null;
                variables.Add(new VariableModel(property.Name, variableName, property.Type, property.IsSecret, property.IsRequired));
            }

            var steps = new List<StepModel>();
            foreach (var declaration in members.Steps)
            {
                cancellationToken.ThrowIfCancellationRequested();
                var step = BuildStep(declaration, symbols);
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

            // A hook of another shape, or a second hook: the analyzer reports it (IRL0025), nothing is emitted.
            if (members.Migrations.Count > 1 || members.Migrations.Any(m => !m.HasHookShape)) return null;
            var migration = members.Migrations.Count == 1 ? members.Migrations[0].Name : null;

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
                migration,
                GeneratedMembers.NamesOf(type, symbols.Compilation),
                DeclaresManifestSnapshot: DeclaresManifestSnapshot(type));
        }

        // The [Workflow] class implements IrlExec.IManifestSnapshot: its values go to the manifest's State Snapshots.
        private static bool DeclaresManifestSnapshot(INamedTypeSymbol type) =>
            type.AllInterfaces.Any(i => i.Name == "IManifestSnapshot" && i.ContainingNamespace is { Name: "IrlExec", ContainingNamespace.IsGlobalNamespace: true });

        /// <summary>
        /// The stub model of a workflow class the parser refused for its contents (a bad step order, a type without JSON
        /// metadata, ...), or null when stubs cannot be added to the class either (not a top-level, non-generic,
        /// non-static partial class: IRL0018).
        /// </summary>
        internal static WorkflowModel? Stub(INamedTypeSymbol type, ParserSymbols symbols, CancellationToken cancellationToken)
        {
            if (type.ContainingType is not null || type.IsGenericType || type.IsStatic || !SymbolReader.IsPartial(type, cancellationToken)) return null;
            var attribute = SymbolReader.Find(type, symbols.WorkflowAttribute);
            if (attribute is null) return null;
            var ns = type.ContainingNamespace is { IsGlobalNamespace: false } containing ? containing.ToDisplayString() : "";
            var name = SymbolReader.Values(attribute).SingleString ?? "";
            return new WorkflowModel(
                ns,
                type.Name,
                type.ToDisplayString(SymbolDisplayFormat.FullyQualifiedFormat),
                name,
                "",
                1,
                null,
                EquatableArray<VariableModel>.Empty,
                EquatableArray<StepModel>.Empty,
                null,
                GeneratedMembers.NamesOf(type, symbols.Compilation),
                IsStub: true);
        }

        /// <summary>The fully qualified name of the <c>JsonContext</c> type of a <c>[Workflow]</c> attribute, or null.</summary>
        internal static string? JsonContextOf(AttributeData workflowAttribute)
        {
            foreach (var argument in workflowAttribute.NamedArguments)
            {
                if (argument.Key == "JsonContext" && argument.Value.Value is INamedTypeSymbol contextType)
                {
                    return contextType.ToDisplayString(SymbolDisplayFormat.FullyQualifiedFormat);
                }
            }
            return null;
        }

        private static StepModel? BuildStep(StepDeclaration step, ParserSymbols symbols)
        {
            if (!step.HasStepShape || !step.IsStep || !step.HasParameterlessConstructor) return null;
            var attribute = step.Attribute;
            if (attribute.Arguments.Count != 1 || attribute.Arguments[0].Value is not int order) return null;

            var name = attribute.Get<string>("Name") ?? symbols.StepName(step.ClassName);
            if (!VariableNaming.IsValidWorkflowName(name)) return null;

            var inputs = new List<InputModel>();
            var outputs = new List<OutputModel>();
            var signalInputs = new List<SignalInputModel>();
            foreach (var property in step.Properties)
            {
                var (input, output) = (property.First, property.Second);
                if (property.IsStatic || property.IsIndexer || property.Type is not { } propertyType) return null;
                string? snakeName = null;
                if (input is not null)
                {
                    if (property.Setter is not { } setter || !IsReachable(setter)) return null;
                }
                if (input?.Get<string>("Signal") is { } signal)
                {
                    // A signal's payload is recorded in the history as sent: it cannot be secret, and it reads no variable.
                    if (input.Arguments.Count > 0 || input.Get<string>("Template") is not null || property.IsSecret) return null;
                    if (!VariableNaming.IsValidVariableName(signal)) return null;
                    signalInputs.Add(new SignalInputModel(property.Name, signal, propertyType));
                }
                else if (input is not null)
                {
                    var variable = input.SingleString ?? (snakeName ??= symbols.SnakeCase(property.Name));
                    var template = input.Get<string>("Template");
                    if (!VariableNaming.IsValidVariableName(variable)) return null;
                    if (template is not null && (!propertyType.IsString || !TemplateParser.Parse(template).Success)) return null;
                    inputs.Add(new InputModel(property.Name, snakeName ??= symbols.SnakeCase(property.Name), variable, template, propertyType, property.IsSecret));
                }
                if (output is not null)
                {
                    if (property.Getter is not { } getter || !IsReachable(getter)) return null;
                    var variable = output.SingleString ?? (snakeName ??= symbols.SnakeCase(property.Name));
                    if (!VariableNaming.IsValidVariableName(variable)) return null;
                    outputs.Add(new OutputModel(property.Name, variable, propertyType, output.Get<string>("Description") ?? "", property.IsSecret));
                }
            }

            if (ServiceProperties.Build(step) is not { } services) return null;
            return new StepModel(
                step.ClassName,
                step.FullName,
                step.IsPartial,
                order,
                name,
                attribute.Get<string>("Component") ?? "",
                attribute.Get<string>("Tool") ?? "",
                attribute.Get<double?>("EstimatedCost") ?? 0d,
                attribute.Get<double?>("EstimatedSeconds") ?? 0d,
                attribute.Get<string>("SideEffects") ?? "none",
                Math.Max(1, attribute.Get<int?>("MaxAttempts") ?? 1),
                Math.Max(0, attribute.Get<int?>("MaxRecoveryAttempts") ?? StepModel.DefaultMaxRecoveryAttempts),
                step.IsSimulated,
                !step.IsSimulated && DeclaresNoSideEffects(attribute.Get<string>("SideEffects")),
                inputs.ToEquatableArray(),
                outputs.ToEquatableArray(),
                attribute.Get<string>("Signal") ?? "",
                signalInputs.ToEquatableArray(),
                services);
        }

        // SideEffects = "none" (or blank) written out: the step says it changes nothing, so SIMULATION may run it. The
        // default (no SideEffects given) is not such a declaration.
        private static bool DeclaresNoSideEffects(string? sideEffects) =>
            sideEffects is not null && (sideEffects.Trim().Length == 0 || string.Equals(sideEffects.Trim(), "none", StringComparison.OrdinalIgnoreCase));

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

        internal static bool IsReachable(Accessibility accessibility) =>
            accessibility is Accessibility.Public or Accessibility.Internal or Accessibility.ProtectedOrInternal;
    }
}
