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
    /// Reads a workflow's members from its syntax, binding no attribute: on a new compilation, binding the attributes of
    /// every step property is most of what a symbol reader costs (docs/performance.md, benchmark 1). It reads what
    /// syntax makes certain: attribute names resolved by <see cref="AttributeNames"/>, literal arguments, modifiers,
    /// constructors, and keyword types (<c>int</c>, <c>string?</c>); any other property type is read from the
    /// property's symbol, which binds its type but no attribute. Anything else (a class split over files, a step with a
    /// base class or nested types, a constant that is not a literal, an attribute target, a migration hook, ...)
    /// returns null and <see cref="SymbolReader"/> reads the workflow instead, so the model never depends on which
    /// reader ran. DeclarationReaderEquivalenceTests compares both on every workflow the tests declare.
    /// </summary>
    internal static class SyntaxReader
    {
        /// <summary>The members of <paramref name="type"/>, or null to let the symbols decide.</summary>
        public static WorkflowMembers? TryRead(INamedTypeSymbol type, string? jsonContext, ParserSymbols symbols, CancellationToken cancellationToken)
        {
            if (type.DeclaringSyntaxReferences.Length != 1 ||
                type.DeclaringSyntaxReferences[0].GetSyntax(cancellationToken) is not ClassDeclarationSyntax declaration ||
                declaration.ContainsDiagnostics)
            {
                return null;
            }
            var reader = new Reader(type, jsonContext, symbols, new AttributeNames(symbols, declaration), cancellationToken);
            return reader.Read(declaration);
        }

        private sealed class Reader
        {
            private readonly INamedTypeSymbol _workflow;
            private readonly string? _jsonContext;
            private readonly ParserSymbols _symbols;
            private readonly AttributeNames _names;
            private readonly CancellationToken _cancellationToken;
            private string? _workflowFullName;

            public Reader(INamedTypeSymbol workflow, string? jsonContext, ParserSymbols symbols, AttributeNames names, CancellationToken cancellationToken)
            {
                _workflow = workflow;
                _jsonContext = jsonContext;
                _symbols = symbols;
                _names = names;
                _cancellationToken = cancellationToken;
            }

            public WorkflowMembers? Read(ClassDeclarationSyntax declaration)
            {
                var variables = new List<PropertyDeclaration>();
                var steps = new List<StepDeclaration>();
                foreach (var member in declaration.Members)
                {
                    _cancellationToken.ThrowIfCancellationRequested();
                    if (!Classify(member.AttributeLists, out var found)) return null;
                    switch (member)
                    {
                        case PropertyDeclarationSyntax property when found.Has(AttributeKind.Variable):
                            // Only [Variable] and [Secret] mean something on a workflow property.
                            var variable = ReadProperty(property, AttributeKind.Variable, in found);
                            if (variable is null) return null;
                            variables.Add(variable);
                            break;
                        case BaseTypeDeclarationSyntax nested when found.Has(AttributeKind.Step):
                            var step = nested is ClassDeclarationSyntax stepClass ? ReadStep(declaration, stepClass, found.Get(AttributeKind.Step)!) : null;
                            if (step is null) return null;
                            steps.Add(step);
                            break;
                        case PropertyDeclarationSyntax:
                        case BaseTypeDeclarationSyntax:
                            break; // other attributes, or IrlExec ones the symbol reader ignores here too
                        default:
                            // A migration hook, or an IrlExec attribute on a field, an indexer, a delegate, ...
                            if (found.Any) return null;
                            break;
                    }
                }
                return new WorkflowMembers(variables.ToEquatableArray(), steps.ToEquatableArray(), EquatableArray<MigrationDeclaration>.Empty);
            }

            private StepDeclaration? ReadStep(ClassDeclarationSyntax workflow, ClassDeclarationSyntax declaration, AttributeSyntax attribute)
            {
                if (declaration.TypeParameterList is not null || declaration.ParameterList is not null) return null;
                // Read without the step's symbol (creating it would bind its base list): the workflow has one declaration,
                // so every part of a nested type is among its members, and one declaration of this name is all of it.
                var name = declaration.Identifier.ValueText;
                if (IsKeyword(name) || CountTypesNamed(workflow, name) != 1 || HasNestedTypes(declaration)) return null;
                // Nothing but IStep and ISimulatedStep in the base list: no base class, and no interface that adds a
                // type to the step's scope (where its property attributes bind).
                bool isStep = false, isSimulated = false;
                foreach (var baseType in declaration.BaseList?.Types ?? default)
                {
                    switch (_names.ResolveContract(baseType.Type))
                    {
                        case StepContract.Step: isStep = true; break;
                        case StepContract.SimulatedStep: isSimulated = true; break;
                        default: return null;
                    }
                }
                var values = LiteralArguments.Read(attribute, AttributeKind.Step);
                if (values is null) return null;

                var properties = new List<PropertyDeclaration>();
                var services = new List<ServiceDeclaration>();
                foreach (var member in declaration.Members)
                {
                    if (!Classify(member.AttributeLists, out var found)) return null;
                    if (found.Has(AttributeKind.Service))
                    {
                        var service = ReadService(member, found.Get(AttributeKind.Service)!);
                        if (service is null) return null;
                        services.Add(service);
                    }
                    if (!found.Has(AttributeKind.Input) && !found.Has(AttributeKind.Output)) continue;
                    var property = member is PropertyDeclarationSyntax p
                        ? ReadProperty(p, AttributeKind.Input, in found)
                        : null; // an indexer or a field: the symbols decide
                    if (property is null) return null;
                    properties.Add(property);
                }

                var modifiers = declaration.Modifiers;
                return new StepDeclaration(
                    name,
                    WorkflowFullName + "." + name,
                    modifiers.Any(SyntaxKind.PartialKeyword),
                    // SymbolReader.HasStepShape: a class (not a record), not abstract, static or generic, not private or protected.
                    !modifiers.Any(SyntaxKind.AbstractKeyword) && !modifiers.Any(SyntaxKind.StaticKeyword) &&
                        Accessibilities.Of(modifiers, Accessibility.Private) is not (Accessibility.Private or Accessibility.Protected or Accessibility.ProtectedAndInternal),
                    isStep,
                    isSimulated,
                    HasParameterlessConstructor(declaration),
                    values,
                    properties.ToEquatableArray(),
                    services.ToEquatableArray());
            }

            // A [Service] property: its type and accessors from the property's symbol (which binds its type, not its
            // attributes), as the symbol reader reads it. [Service] takes no argument; anything else is left to the symbols.
            private ServiceDeclaration? ReadService(MemberDeclarationSyntax member, AttributeSyntax attribute)
            {
                if (member is not PropertyDeclarationSyntax property || attribute.ArgumentList is { Arguments.Count: > 0 }) return null;
                return _names.Model.GetDeclaredSymbol(property, _cancellationToken) is { } symbol ? ServiceDeclaration.Of(symbol) : null;
            }

            private string WorkflowFullName => _workflowFullName ??= _workflow.ToDisplayString(SymbolDisplayFormat.FullyQualifiedFormat);

            // A keyword needs @ to be a name, and the display format writes it with one: leave it to the symbols.
            private static bool IsKeyword(string name) =>
                SyntaxFacts.GetKeywordKind(name) != SyntaxKind.None || SyntaxFacts.GetContextualKeywordKind(name) != SyntaxKind.None;

            // The non-generic types of this name the workflow declares (a partial type counts each part).
            private static int CountTypesNamed(ClassDeclarationSyntax workflow, string name)
            {
                var count = 0;
                foreach (var member in workflow.Members)
                {
                    var (identifier, typeParameters) = member switch
                    {
                        TypeDeclarationSyntax type => (type.Identifier, type.TypeParameterList),
                        EnumDeclarationSyntax enumeration => (enumeration.Identifier, null),
                        DelegateDeclarationSyntax @delegate => (@delegate.Identifier, @delegate.TypeParameterList),
                        _ => (default(SyntaxToken), null),
                    };
                    if (typeParameters is null && identifier.ValueText == name) count++;
                }
                return count;
            }

            private static bool HasNestedTypes(ClassDeclarationSyntax declaration)
            {
                foreach (var member in declaration.Members)
                {
                    if (member is BaseTypeDeclarationSyntax or DelegateDeclarationSyntax) return true;
                }
                return false;
            }

            // firstKind: [Variable] on a workflow property, [Input] on a step's ([Output] is read on a step's only).
            private PropertyDeclaration? ReadProperty(PropertyDeclarationSyntax property, AttributeKind firstKind, in FoundAttributes found)
            {
                var first = found.Get(firstKind);
                var second = firstKind == AttributeKind.Input ? found.Get(AttributeKind.Output) : null;
                if (property.ExplicitInterfaceSpecifier is not null) return null;
                var isStatic = false;
                var isRequired = false;
                foreach (var modifier in property.Modifiers)
                {
                    switch (modifier.Kind())
                    {
                        case SyntaxKind.PublicKeyword or SyntaxKind.InternalKeyword or SyntaxKind.ProtectedKeyword or SyntaxKind.PrivateKeyword or SyntaxKind.VirtualKeyword:
                            break;
                        case SyntaxKind.StaticKeyword:
                            isStatic = true;
                            break;
                        case SyntaxKind.RequiredKeyword:
                            isRequired = true;
                            break;
                        default:
                            return null; // partial, abstract, override, new, extern, ...: the symbols decide
                    }
                }
                var accessibility = Accessibilities.Of(property.Modifiers, Accessibility.Private);
                Accessibility? getter = null, setter = null;
                if (property.ExpressionBody is not null)
                {
                    getter = accessibility;
                }
                else if (!PropertyAccessors.TryRead(property, accessibility, out getter, out setter))
                {
                    return null;
                }

                AttributeValues? firstValues = null, secondValues = null;
                if (first is not null && (firstValues = LiteralArguments.Read(first, firstKind)) is null) return null;
                if (second is not null && (secondValues = LiteralArguments.Read(second, AttributeKind.Output)) is null) return null;
                if (!TryDescribe(property, out var type)) return null;
                return new PropertyDeclaration(
                    property.Identifier.ValueText,
                    isStatic,
                    IsIndexer: false,
                    getter,
                    setter,
                    isRequired,
                    type,
                    firstValues,
                    secondValues,
                    found.Has(AttributeKind.Secret));
            }

            // A keyword type is described without binding; any other type from the property's symbol, which binds the
            // property's type (not its attributes).
            private bool TryDescribe(PropertyDeclarationSyntax property, out TypeModel? type)
            {
                var (keyword, annotated) = property.Type switch
                {
                    PredefinedTypeSyntax predefined => (predefined, false),
                    NullableTypeSyntax { ElementType: PredefinedTypeSyntax element } => (element, true),
                    _ => ((PredefinedTypeSyntax?)null, false),
                };
                if (keyword is not null)
                {
                    var special = Keywords.SpecialTypeOf(keyword.Keyword.Kind());
                    type = special == SpecialType.None ? null : _symbols.DescribeKeywordType(special, annotated, _jsonContext);
                    return special != SpecialType.None;
                }
                if (_names.Model.GetDeclaredSymbol(property, _cancellationToken) is not { } symbol)
                {
                    type = null;
                    return false;
                }
                type = _symbols.DescribeType(symbol.Type, _jsonContext);
                return true;
            }

            private bool Classify(SyntaxList<AttributeListSyntax> lists, out FoundAttributes found)
            {
                found = default;
                foreach (var list in lists)
                {
                    foreach (var attribute in list.Attributes)
                    {
                        var kind = _names.Resolve(attribute.Name);
                        if (kind == AttributeKind.Other) continue;
                        // An uncertain name, a repeated attribute, or one with a target (`[field: Input]` applies elsewhere).
                        if (kind == AttributeKind.Uncertain || list.Target is not null || !found.TryAdd(kind, attribute)) return false;
                    }
                }
                return true;
            }

            private static bool HasParameterlessConstructor(ClassDeclarationSyntax declaration)
            {
                var any = false;
                foreach (var member in declaration.Members)
                {
                    if (member is not ConstructorDeclarationSyntax constructor || constructor.Modifiers.Any(SyntaxKind.StaticKeyword)) continue;
                    any = true;
                    if (constructor.ParameterList.Parameters.Count == 0 &&
                        Parser.IsReachable(Accessibilities.Of(constructor.Modifiers, Accessibility.Private)))
                    {
                        return true;
                    }
                }
                // Without a declared one, C# gives a class a public one (protected when abstract; none when static).
                return !any && !declaration.Modifiers.Any(SyntaxKind.AbstractKeyword) && !declaration.Modifiers.Any(SyntaxKind.StaticKeyword);
            }
        }

        /// <summary>The IrlExec attributes on one declaration, one of each kind (a field per kind: no allocation per member).</summary>
        private struct FoundAttributes
        {
            private AttributeSyntax? _workflow, _step, _variable, _input, _output, _secret, _migration, _service;

            public readonly bool Any =>
                _workflow is not null || _step is not null || _variable is not null || _input is not null ||
                _output is not null || _secret is not null || _migration is not null || _service is not null;

            public readonly bool Has(AttributeKind kind) => Get(kind) is not null;

            public readonly AttributeSyntax? Get(AttributeKind kind) => kind switch
            {
                AttributeKind.Workflow => _workflow,
                AttributeKind.Step => _step,
                AttributeKind.Variable => _variable,
                AttributeKind.Input => _input,
                AttributeKind.Output => _output,
                AttributeKind.Secret => _secret,
                AttributeKind.WorkflowMigration => _migration,
                AttributeKind.Service => _service,
                _ => null,
            };

            /// <summary>Records <paramref name="attribute"/>; false when one of its kind is already there.</summary>
            public bool TryAdd(AttributeKind kind, AttributeSyntax attribute)
            {
                if (Get(kind) is not null) return false;
                switch (kind)
                {
                    case AttributeKind.Workflow: _workflow = attribute; break;
                    case AttributeKind.Step: _step = attribute; break;
                    case AttributeKind.Variable: _variable = attribute; break;
                    case AttributeKind.Input: _input = attribute; break;
                    case AttributeKind.Output: _output = attribute; break;
                    case AttributeKind.Secret: _secret = attribute; break;
                    case AttributeKind.WorkflowMigration: _migration = attribute; break;
                    case AttributeKind.Service: _service = attribute; break;
                    default: throw new ArgumentOutOfRangeException(nameof(kind), kind, "Not an IrlExec attribute kind.");
                }
                return true;
            }
        }
    }
}
