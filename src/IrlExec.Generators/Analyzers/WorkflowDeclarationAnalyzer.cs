using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using System.Threading;
using IrlExec.Generators.Diagnostics;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Diagnostics;

namespace IrlExec.Generators.Analyzers
{
    /// <summary>
    /// Checks <c>[Workflow]</c> and <c>[Step]</c> declarations: names, step orders, step classes, templates, and the flow of
    /// variables from <c>[Variable]</c>s and <c>[Output]</c>s to <c>[Input]</c>s (unknown, too early, wrong type).
    /// It reads the symbols itself (the generator's parser only says "valid or not"), so it can point at the exact text.
    /// </summary>
    [DiagnosticAnalyzer(LanguageNames.CSharp)]
    public sealed class WorkflowDeclarationAnalyzer : DiagnosticAnalyzer
    {
        /// <inheritdoc />
        public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = ImmutableArray.Create(
            DiagnosticDescriptors.UnknownVariable,
            DiagnosticDescriptors.UsedBeforeProduced,
            DiagnosticDescriptors.TypeMismatch,
            DiagnosticDescriptors.DuplicateStepOrder,
            DiagnosticDescriptors.MissingStepOrder,
            DiagnosticDescriptors.VariablePublishedTwice,
            DiagnosticDescriptors.StepNotPartial,
            DiagnosticDescriptors.StepWithoutIStep,
            DiagnosticDescriptors.StepOutsideWorkflow,
            DiagnosticDescriptors.InvalidName,
            DiagnosticDescriptors.MalformedTemplate,
            DiagnosticDescriptors.SideEffectsWithoutSimulation,
            DiagnosticDescriptors.WorkflowNotPartial,
            DiagnosticDescriptors.NoJsonMetadata,
            DiagnosticDescriptors.TemplateInputNotString,
            DiagnosticDescriptors.InvalidVariableName,
            DiagnosticDescriptors.StepNotCreatable,
            DiagnosticDescriptors.PropertyNotBindable,
            DiagnosticDescriptors.DuplicateStepName,
            DiagnosticDescriptors.TypeMissingFromJsonContext,
            DiagnosticDescriptors.GoalReadsStepOutput,
            DiagnosticDescriptors.InvalidSignalInput);

        /// <inheritdoc />
        public override void Initialize(AnalysisContext context)
        {
            context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
            context.EnableConcurrentExecution();
            context.RegisterCompilationStartAction(start =>
            {
                var symbols = IrlExecSymbols.Create(start.Compilation);
                if (symbols is null) return;
                start.RegisterSymbolAction(symbolContext => AnalyzeType(symbolContext, symbols), SymbolKind.NamedType);
            });
        }

        private static void AnalyzeType(SymbolAnalysisContext context, IrlExecSymbols symbols)
        {
            var type = (INamedTypeSymbol)context.Symbol;
            var stepAttribute = IrlExecSymbols.Find(type, symbols.StepAttribute);
            if (stepAttribute is not null)
            {
                AnalyzeStepClass(context, symbols, type, stepAttribute);
            }
            var workflowAttribute = IrlExecSymbols.Find(type, symbols.WorkflowAttribute);
            if (workflowAttribute is not null)
            {
                new WorkflowCheck(context, symbols, type, workflowAttribute).Run();
            }
        }

        private static void AnalyzeStepClass(SymbolAnalysisContext context, IrlExecSymbols symbols, INamedTypeSymbol type, AttributeData attribute)
        {
            var token = context.CancellationToken;
            var syntax = AttributeArguments.Syntax(attribute, token);
            var name = AttributeArguments.First(type);
            if (type.ContainingType is null || IrlExecSymbols.Find(type.ContainingType, symbols.WorkflowAttribute) is null)
            {
                context.ReportDiagnostic(Diagnostic.Create(DiagnosticDescriptors.StepOutsideWorkflow, syntax?.GetLocation() ?? name, type.Name));
            }
            if (type.TypeKind == TypeKind.Class && !IsPartial(type, token))
            {
                context.ReportDiagnostic(Diagnostic.Create(DiagnosticDescriptors.StepNotPartial, name, type.Name));
            }
            if (!IrlExecSymbols.Implements(type, symbols.Step))
            {
                context.ReportDiagnostic(Diagnostic.Create(DiagnosticDescriptors.StepWithoutIStep, name, type.Name));
            }
            if (WhyNotCreatable(type) is { } reason)
            {
                context.ReportDiagnostic(Diagnostic.Create(DiagnosticDescriptors.StepNotCreatable, name, type.Name, reason));
            }
            if (!attribute.NamedArguments.Any(a => a.Key == "Name") && !VariableNaming.IsValidWorkflowName(DefaultStepName(type)))
            {
                context.ReportDiagnostic(Diagnostic.Create(DiagnosticDescriptors.InvalidName, name, DefaultStepName(type), "step"));
            }
            foreach (var argument in attribute.NamedArguments)
            {
                if (argument.Key == "Name" && argument.Value.Value is string stepName && !VariableNaming.IsValidWorkflowName(stepName))
                {
                    var location = AttributeArguments.Locate(AttributeArguments.Named(syntax, "Name"), syntax, type);
                    context.ReportDiagnostic(Diagnostic.Create(DiagnosticDescriptors.InvalidName, location, stepName, "step"));
                }
                if (argument.Key == "SideEffects" && argument.Value.Value is string sideEffects && DeclaresSideEffects(sideEffects) &&
                    !IrlExecSymbols.Implements(type, symbols.SimulatedStep))
                {
                    var location = AttributeArguments.Locate(AttributeArguments.Named(syntax, "SideEffects"), syntax, type);
                    context.ReportDiagnostic(Diagnostic.Create(DiagnosticDescriptors.SideEffectsWithoutSimulation, location, type.Name, sideEffects));
                }
            }
        }

        /// <summary>The step name the generator uses when [Step] has no Name: the class name in kebab-case.</summary>
        internal static string DefaultStepName(INamedTypeSymbol type) => VariableNaming.ToSnakeCase(type.Name).Replace('_', '-');

        /// <summary>Why the generated runner cannot <c>new</c> the step class (the parser's rules), or null.</summary>
        private static string? WhyNotCreatable(INamedTypeSymbol type)
        {
            if (type.TypeKind != TypeKind.Class) return "it is not a class";
            if (type.IsStatic) return "it is static";
            if (type.IsAbstract) return "it is abstract";
            if (type.IsGenericType) return "it is generic";
            if (!IsReachable(type.DeclaredAccessibility)) return $"it is {Describe(type.DeclaredAccessibility)}";
            if (!type.InstanceConstructors.Any(c => c.Parameters.Length == 0 && IsReachable(c.DeclaredAccessibility)))
            {
                // Constructor injection: the generated code cannot build the arguments; [Service] properties it can set.
                return type.InstanceConstructors.Any(c => c.Parameters.Length > 0)
                    ? "it has no public or internal parameterless constructor (to receive services, declare them as [Service] properties instead of constructor parameters)"
                    : "it has no public or internal parameterless constructor";
            }
            return null;
        }

        internal static bool IsReachable(Accessibility accessibility) =>
            accessibility is Accessibility.Public or Accessibility.Internal or Accessibility.ProtectedOrInternal;

        private static string Describe(Accessibility accessibility) => accessibility switch
        {
            Accessibility.Private => "private",
            Accessibility.Protected => "protected",
            Accessibility.ProtectedAndInternal => "private protected",
            _ => accessibility.ToString().ToLowerInvariant(),
        };

        /// <summary>"none" (the default) and blank mean the step changes nothing outside the execution.</summary>
        private static bool DeclaresSideEffects(string sideEffects) =>
            sideEffects.Trim().Length > 0 && !string.Equals(sideEffects.Trim(), "none", StringComparison.OrdinalIgnoreCase);

        internal static bool IsPartial(INamedTypeSymbol type, CancellationToken cancellationToken)
        {
            if (type.DeclaringSyntaxReferences.Length == 0) return true; // metadata: not ours to judge
            return type.DeclaringSyntaxReferences.Any(r =>
                r.GetSyntax(cancellationToken) is TypeDeclarationSyntax declaration && declaration.Modifiers.Any(SyntaxKind.PartialKeyword));
        }

        /// <summary>The checks of one workflow class and its steps.</summary>
        private sealed class WorkflowCheck
        {
            private readonly SymbolAnalysisContext _context;
            private readonly IrlExecSymbols _symbols;
            private readonly INamedTypeSymbol _type;
            private readonly AttributeData _attribute;
            private readonly CancellationToken _token;
            private readonly string? _jsonContext;
            private readonly INamedTypeSymbol? _jsonContextType;
            private JsonContextTypes? _jsonContextTypes;
            private bool _jsonContextTypesRead;
            private readonly Dictionary<string, Producer> _variables = new Dictionary<string, Producer>(StringComparer.Ordinal);
            private readonly Dictionary<string, List<Producer>> _outputs = new Dictionary<string, List<Producer>>(StringComparer.Ordinal);

            public WorkflowCheck(SymbolAnalysisContext context, IrlExecSymbols symbols, INamedTypeSymbol type, AttributeData attribute)
            {
                _context = context;
                _symbols = symbols;
                _type = type;
                _attribute = attribute;
                _token = context.CancellationToken;
                _jsonContextType = attribute.NamedArguments.FirstOrDefault(a => a.Key == "JsonContext").Value.Value as INamedTypeSymbol;
                _jsonContext = _jsonContextType?.ToDisplayString(SymbolDisplayFormat.FullyQualifiedFormat);
            }

            public void Run()
            {
                CheckShape();
                var syntax = AttributeArguments.Syntax(_attribute, _token);
                var name = _attribute.ConstructorArguments.Length == 1 ? _attribute.ConstructorArguments[0].Value as string : null;
                if (_attribute.ConstructorArguments.Length == 1 && !VariableNaming.IsValidWorkflowName(name))
                {
                    Report(DiagnosticDescriptors.InvalidName, AttributeArguments.Locate(AttributeArguments.Positional(syntax, 0), syntax, _type), name ?? "", "workflow");
                }

                CollectVariables();
                var steps = CollectSteps();
                CheckOrders(steps, name ?? _type.Name);
                CheckStepNames(steps);
                CollectOutputs(steps);

                foreach (var argument in _attribute.NamedArguments)
                {
                    if (argument.Key == "Goal" && argument.Value.Value is string goal)
                    {
                        CheckTemplate(goal, AttributeArguments.Named(syntax, "Goal"), syntax, "The workflow goal", int.MaxValue, goalOf: name ?? _type.Name);
                    }
                }
                foreach (var step in steps)
                {
                    CheckInputs(step);
                }
            }

            private void CheckShape()
            {
                var partial = IsPartial(_type, _token);
                string? fix = null;
                if (_type.ContainingType is not null) fix = $"Move it out of '{_type.ContainingType.Name}' to namespace level";
                else if (_type.IsGenericType) fix = "Remove its type parameters";
                else if (_type.IsStatic) fix = "Remove the 'static' modifier";
                else if (!partial) fix = "Add the 'partial' modifier";
                if (fix is null) return;
                var properties = ImmutableDictionary<string, string?>.Empty.Add("AddPartial", partial ? "false" : "true");
                _context.ReportDiagnostic(Diagnostic.Create(DiagnosticDescriptors.WorkflowNotPartial, AttributeArguments.First(_type), properties, _type.Name, fix));
            }

            private void CollectVariables()
            {
                foreach (var property in _type.GetMembers().OfType<IPropertySymbol>())
                {
                    var variable = IrlExecSymbols.Find(property, _symbols.VariableAttribute);
                    if (variable is null) continue;
                    var name = ExplicitName(variable) ?? VariableNaming.ToSnakeCase(property.Name);
                    CheckType(property, $"Variable '{property.Name}'");
                    CheckBindable(property, $"Variable '{property.Name}'", needsSetter: false);
                    if (!CheckName(variable, property, name)) continue;
                    if (!_variables.ContainsKey(name)) _variables.Add(name, new Producer(0, null, property));
                }
            }

            private List<StepInfo> CollectSteps()
            {
                var steps = new List<StepInfo>();
                foreach (var nested in _type.GetTypeMembers())
                {
                    var attribute = IrlExecSymbols.Find(nested, _symbols.StepAttribute);
                    if (attribute is null) continue;
                    var syntax = AttributeArguments.Syntax(attribute, _token);
                    int? order = attribute.ConstructorArguments.Length == 1 && attribute.ConstructorArguments[0].Value is int value ? value : null;
                    steps.Add(new StepInfo(nested, order, AttributeArguments.Locate(AttributeArguments.Positional(syntax, 0), syntax, nested)));
                }
                // Declaration order decides which of two duplicates is "the second one".
                steps.Sort((a, b) => Position(a.Type).CompareTo(Position(b.Type)));
                return steps;
            }

            private void CheckOrders(List<StepInfo> steps, string workflowName)
            {
                var workflowLocation = AttributeArguments.First(_type);
                if (steps.Count == 0)
                {
                    Report(DiagnosticDescriptors.MissingStepOrder, workflowLocation, workflowName, "it has no [Step] classes");
                    return;
                }
                var seen = new Dictionary<int, StepInfo>();
                foreach (var step in steps)
                {
                    if (step.Order is not int order) continue;
                    if (order < 1)
                    {
                        Report(DiagnosticDescriptors.MissingStepOrder, step.OrderLocation, workflowName, $"step '{step.Type.Name}' has order {order}");
                        continue;
                    }
                    if (seen.TryGetValue(order, out var first))
                    {
                        Report(DiagnosticDescriptors.DuplicateStepOrder, step.OrderLocation, step.Type.Name, order, first.Type.Name);
                        continue;
                    }
                    seen.Add(order, step);
                }
                if (seen.Count == 0) return;
                var missing = Enumerable.Range(1, seen.Keys.Max()).Where(o => !seen.ContainsKey(o)).ToList();
                if (missing.Count > 0)
                {
                    var listed = string.Join(", ", missing.Take(5)) + (missing.Count > 5 ? ", ..." : "");
                    Report(DiagnosticDescriptors.MissingStepOrder, workflowLocation, workflowName, $"there is no step {listed}");
                }
            }

            private void CheckStepNames(List<StepInfo> steps)
            {
                var seen = new Dictionary<string, StepInfo>(StringComparer.Ordinal);
                foreach (var step in steps)
                {
                    var attribute = IrlExecSymbols.Find(step.Type, _symbols.StepAttribute)!;
                    var name = attribute.NamedArguments.FirstOrDefault(a => a.Key == "Name").Value.Value as string ?? DefaultStepName(step.Type);
                    if (seen.TryGetValue(name, out var first))
                    {
                        var syntax = AttributeArguments.Syntax(attribute, _token);
                        Report(DiagnosticDescriptors.DuplicateStepName, AttributeArguments.Named(syntax, "Name")?.GetLocation() ?? AttributeArguments.First(step.Type), step.Type.Name, name, first.Type.Name);
                        continue;
                    }
                    seen.Add(name, step);
                }
            }

            private void CollectOutputs(List<StepInfo> steps)
            {
                foreach (var step in steps.OrderBy(s => s.Order ?? int.MaxValue))
                {
                    foreach (var property in step.Type.GetMembers().OfType<IPropertySymbol>())
                    {
                        var output = IrlExecSymbols.Find(property, _symbols.OutputAttribute);
                        if (output is null) continue;
                        var name = ExplicitName(output) ?? VariableNaming.ToSnakeCase(property.Name);
                        CheckType(property, $"Output '{property.Name}' of step '{step.Type.Name}'");
                        CheckBindable(property, $"Output '{property.Name}' of step '{step.Type.Name}'", needsSetter: false);
                        if (!CheckName(output, property, name)) continue;
                        var producer = new Producer(step.Order ?? int.MaxValue, step.Type, property);
                        if (!_outputs.TryGetValue(name, out var list))
                        {
                            _outputs.Add(name, list = new List<Producer>());
                        }
                        var earlier = list.FirstOrDefault(p => !SymbolEqualityComparer.Default.Equals(p.Step, step.Type));
                        if (earlier is not null)
                        {
                            Report(DiagnosticDescriptors.VariablePublishedTwice, NameLocation(output, property, name), producer.Order, step.Type.Name, name, earlier.Order, earlier.Step!.Name);
                        }
                        list.Add(producer);
                    }
                }
            }

            private void CheckInputs(StepInfo step)
            {
                var order = step.Order ?? int.MaxValue;
                foreach (var property in step.Type.GetMembers().OfType<IPropertySymbol>())
                {
                    var input = IrlExecSymbols.Find(property, _symbols.InputAttribute);
                    if (input is null) continue;
                    var description = $"Input '{property.Name}' of step {(step.Order?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "?")} '{step.Type.Name}'";
                    CheckBindable(property, description, needsSetter: true);
                    if (input.NamedArguments.FirstOrDefault(a => a.Key == "Signal").Value.Value is string signal)
                    {
                        CheckSignalInput(property, input, signal, description);
                        continue;
                    }
                    var template = input.NamedArguments.FirstOrDefault(a => a.Key == "Template").Value.Value as string;
                    if (template is not null)
                    {
                        if (property.Type.SpecialType != SpecialType.System_String && property.Type.TypeKind != TypeKind.Error)
                        {
                            Report(DiagnosticDescriptors.TemplateInputNotString, TypeLocation(property), description, property.Type.ToDisplayString());
                        }
                        var syntax = AttributeArguments.Syntax(input, _token);
                        CheckTemplate(template, AttributeArguments.Named(syntax, "Template"), syntax, description, order);
                        continue;
                    }
                    var explicitName = ExplicitName(input);
                    var name = explicitName ?? VariableNaming.ToSnakeCase(property.Name);
                    CheckType(property, description);
                    if (!CheckName(input, property, name)) continue;
                    Resolve(name, order, description, NameLocation(input, property, name), explicitName is null, property);
                }
            }

            /// <summary>
            /// IRL0029: a signal input reads the payload only (no variable, no template) and is not secret; IRL0021: the signal
            /// name; IRL0019/IRL0027: its type's JSON metadata. (IRL0030, the payload type, is SignalPayloadAnalyzer's.)
            /// </summary>
            private void CheckSignalInput(IPropertySymbol property, AttributeData input, string signal, string description)
            {
                var syntax = AttributeArguments.Syntax(input, _token);
                var signalLocation = AttributeArguments.Locate(AttributeArguments.Named(syntax, "Signal"), syntax, property);
                if (ExplicitName(input) is { } variable)
                {
                    Report(DiagnosticDescriptors.InvalidSignalInput, NameLocation(input, property, variable), description, signal, $"also names variable '{variable}'", "Remove the variable name");
                }
                if (input.NamedArguments.Any(a => a.Key == "Template"))
                {
                    Report(DiagnosticDescriptors.InvalidSignalInput, AttributeArguments.Locate(AttributeArguments.Named(syntax, "Template"), syntax, property), description, signal, "also has a Template", "Remove the Template");
                }
                if (_symbols.SecretAttribute is not null && IrlExecSymbols.Find(property, _symbols.SecretAttribute) is not null)
                {
                    Report(DiagnosticDescriptors.InvalidSignalInput, signalLocation, description, signal, "is marked [Secret]", "Remove [Secret] and send no secret in a signal; give a secret back as a variable on resume instead");
                }
                CheckType(property, description);
                if (!VariableNaming.IsValidVariableName(signal))
                {
                    Report(DiagnosticDescriptors.InvalidVariableName, signalLocation, signal);
                }
            }

            /// <summary>
            /// Checks a template's syntax and the variables it reads before step <paramref name="order"/>; the goal
            /// (<paramref name="goalOf"/>: the workflow's name) is rendered before any step runs, so it reads only [Variable]s.
            /// </summary>
            private void CheckTemplate(string template, ExpressionSyntax? expression, AttributeSyntax? syntax, string description, int order, string? goalOf = null)
            {
                var parsed = TemplateParser.Parse(template);
                if (!parsed.Success)
                {
                    Report(DiagnosticDescriptors.MalformedTemplate, AttributeArguments.Locate(expression, syntax, _type), template, parsed.Error!);
                    return;
                }
                foreach (var segment in parsed.Segments)
                {
                    if (!segment.IsVariable) continue;
                    var nameOffset = template.IndexOf(segment.Text, segment.Offset + 2, StringComparison.Ordinal);
                    var location = expression is null
                        ? AttributeArguments.Locate(null, syntax, _type)
                        : AttributeArguments.InsideLiteral(expression, nameOffset, segment.Text.Length);
                    if (goalOf is not null && !_variables.ContainsKey(segment.Text) && _outputs.TryGetValue(segment.Text, out var producers))
                    {
                        var first = producers.OrderBy(p => p.Order).First();
                        Report(DiagnosticDescriptors.GoalReadsStepOutput, location, goalOf, segment.Text, first.Order, first.Step!.Name);
                        continue;
                    }
                    Resolve(segment.Text, order, description, location, implicitName: false, input: null);
                }
            }

            /// <summary>Checks that variable <paramref name="name"/> exists before step <paramref name="order"/> runs, with a type <paramref name="input"/> can receive.</summary>
            private void Resolve(string name, int order, string description, Location location, bool implicitName, IPropertySymbol? input)
            {
                _outputs.TryGetValue(name, out var outputs);
                var producer = outputs?.Where(p => p.Order < order).OrderByDescending(p => p.Order).FirstOrDefault();
                if (producer is null && _variables.TryGetValue(name, out var variable)) producer = variable;
                if (producer is not null)
                {
                    if (input is not null && !CanReceive(producer.Property.Type, input.Type))
                    {
                        var typeLocation = TypeLocation(input);
                        var by = producer.Step is null ? $"[Variable] '{producer.Property.Name}'" : $"step {producer.Order} '{producer.Step.Name}'";
                        Report(DiagnosticDescriptors.TypeMismatch, typeLocation, description, input.Type.ToDisplayString(), name, producer.Property.Type.ToDisplayString(), by);
                    }
                    return;
                }
                var later = outputs?.OrderBy(p => p.Order).FirstOrDefault();
                if (later is not null)
                {
                    Report(DiagnosticDescriptors.UsedBeforeProduced, location, description, name, later.Order, later.Step!.Name);
                    return;
                }
                var suggestion = NameSuggestions.Closest(name, _variables.Keys.Concat(_outputs.Keys));
                var properties = ImmutableDictionary<string, string?>.Empty
                    .Add(DiagnosticProperties.Name, name)
                    .Add(DiagnosticProperties.ImplicitName, implicitName ? "true" : "false");
                if (suggestion is not null) properties = properties.Add(DiagnosticProperties.Suggestion, suggestion);
                var hint = suggestion is not null
                    ? $"; did you mean '{suggestion}'?"
                    : "; declare it with [Variable] on the workflow or [Output] on an earlier step";
                _context.ReportDiagnostic(Diagnostic.Create(DiagnosticDescriptors.UnknownVariable, location, properties, description, name, hint));
            }

            /// <summary>
            /// Whether an input of type <paramref name="target"/> can receive a value produced as <paramref name="source"/>:
            /// the same type, or an implicit reference, numeric or nullable conversion (nullability annotations aside).
            /// </summary>
            private bool CanReceive(ITypeSymbol source, ITypeSymbol target)
            {
                if (source.TypeKind == TypeKind.Error || target.TypeKind == TypeKind.Error) return true; // the compiler reports those
                source = source.WithNullableAnnotation(NullableAnnotation.NotAnnotated);
                target = target.WithNullableAnnotation(NullableAnnotation.NotAnnotated);
                if (SymbolEqualityComparer.Default.Equals(source, target)) return true;
                var conversion = _context.Compilation.ClassifyCommonConversion(source, target);
                return conversion.IsIdentity || (conversion.IsImplicit && (conversion.IsReference || conversion.IsNumeric || conversion.IsNullable));
            }

            /// <summary>IRL0019: the generated binding code needs JSON metadata for every variable, input and output type.</summary>
            /// <summary>IRL0027: ... and a type that comes from the JsonContext must be one of its [JsonSerializable] types (or reachable from one).</summary>
            private void CheckType(IPropertySymbol property, string description)
            {
                if (property.Type.TypeKind == TypeKind.Error) return;
                var described = Parsing.Parser.DescribeType(property.Type, _jsonContext);
                if (described is null)
                {
                    Report(DiagnosticDescriptors.NoJsonMetadata, TypeLocation(property), description, property.Type.ToDisplayString());
                    return;
                }
                if (described.Json != Model.JsonSource.Context || _jsonContextType is null) return;
                if (!_jsonContextTypesRead)
                {
                    _jsonContextTypes = JsonContextTypes.Of(_jsonContextType);
                    _jsonContextTypesRead = true;
                }
                if (_jsonContextTypes is null || _jsonContextTypes.Has(property.Type)) return;
                var typeName = property.Type.WithNullableAnnotation(property.Type.IsReferenceType ? NullableAnnotation.NotAnnotated : property.Type.NullableAnnotation).ToDisplayString();
                Report(DiagnosticDescriptors.TypeMissingFromJsonContext, TypeLocation(property), description, typeName, _jsonContextType.Name);
            }

            /// <summary>IRL0023: generated code reads outputs and variables through their getter and sets inputs through their setter.</summary>
            private void CheckBindable(IPropertySymbol property, string description, bool needsSetter)
            {
                string? reason = null;
                if (property.IsStatic) reason = "it is static";
                else if (property.IsIndexer) reason = "it is an indexer";
                else if (needsSetter && (property.SetMethod is null || !IsReachable(property.SetMethod.DeclaredAccessibility))) reason = "it has no public or internal setter";
                else if (!needsSetter && (property.GetMethod is null || !IsReachable(property.GetMethod.DeclaredAccessibility))) reason = "it has no public or internal getter";
                if (reason is null) return;
                Report(DiagnosticDescriptors.PropertyNotBindable, AttributeArguments.First(property), description, reason, needsSetter ? "a setter (set or init)" : "a getter");
            }

            /// <summary>IRL0021: reports an invalid variable name; false when the name is invalid (nothing else is checked for it).</summary>
            private bool CheckName(AttributeData attribute, IPropertySymbol property, string name)
            {
                if (VariableNaming.IsValidVariableName(name)) return true;
                Report(DiagnosticDescriptors.InvalidVariableName, NameLocation(attribute, property, name), name);
                return false;
            }

            private Location TypeLocation(IPropertySymbol property) =>
                property.DeclaringSyntaxReferences.FirstOrDefault()?.GetSyntax(_token) is PropertyDeclarationSyntax declaration
                    ? declaration.Type.GetLocation()
                    : AttributeArguments.First(property);

            private Location NameLocation(AttributeData attribute, IPropertySymbol property, string name)
            {
                var syntax = AttributeArguments.Syntax(attribute, _token);
                var expression = AttributeArguments.Positional(syntax, 0);
                return expression is null ? AttributeArguments.First(property) : AttributeArguments.InsideLiteral(expression, 0, name.Length);
            }

            private static string? ExplicitName(AttributeData attribute) =>
                attribute.ConstructorArguments.Length == 1 ? attribute.ConstructorArguments[0].Value as string : null;

            private static int Position(ISymbol symbol) => symbol.Locations.Length > 0 ? symbol.Locations[0].SourceSpan.Start : int.MaxValue;

            private void Report(DiagnosticDescriptor descriptor, Location location, params object[] arguments) =>
                _context.ReportDiagnostic(Diagnostic.Create(descriptor, location, arguments));
        }

        /// <summary>A [Step] class with its order (null when not a constant int) and where the order is written.</summary>
        private sealed class StepInfo
        {
            public StepInfo(INamedTypeSymbol type, int? order, Location orderLocation)
            {
                Type = type;
                Order = order;
                OrderLocation = orderLocation;
            }

            public INamedTypeSymbol Type { get; }
            public int? Order { get; }
            public Location OrderLocation { get; }
        }

        /// <summary>Where a variable comes from: a [Variable] (order 0, no step) or a step's [Output].</summary>
        private sealed class Producer
        {
            public Producer(int order, INamedTypeSymbol? step, IPropertySymbol property)
            {
                Order = order;
                Step = step;
                Property = property;
            }

            public int Order { get; }
            public INamedTypeSymbol? Step { get; }
            public IPropertySymbol Property { get; }
        }
    }
}
