using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using IrlExec.Generators.Model;
using Microsoft.CodeAnalysis;

namespace IrlExec.Generators.Parsing
{
    /// <summary>
    /// The IrlExec types the parser compares against, resolved once per compilation, and the type descriptions it has
    /// already built for that compilation. The transform of <c>ForAttributeWithMetadataName</c> runs again for every
    /// workflow whenever the compilation changes; resolving these once and comparing symbols (instead of formatting
    /// every attribute class and interface to a string) keeps that re-run close to the cost of binding the symbols.
    /// Never part of a model: models hold no symbols.
    /// </summary>
    internal sealed class ParserSymbols
    {
        // Keyed by the compilation so the entry goes away with it; one compilation is shared by all transforms of a run.
        private static readonly ConditionalWeakTable<Compilation, ParserSymbols> Cache = new();

        // Strict equality (nullability, tuple names, dynamic vs object all count): two keys that compare equal format
        // to the same display strings, so a cached description is the one DescribeType would build.
        private readonly ConcurrentDictionary<ITypeSymbol, TypeModel?> _types = new(SymbolEqualityComparer.IncludeNullability);

        // Names derived from C# names, by C# name: a large project's steps repeat a few property names (Customer, Total).
        private readonly ConcurrentDictionary<string, string> _snakeCase = new(System.StringComparer.Ordinal);
        private readonly ConcurrentDictionary<string, string> _stepNames = new(System.StringComparer.Ordinal);

        // Name lookups by NameScope key: the workflows of one surroundings share them (AttributeNames).
        private readonly ConcurrentDictionary<string, SharedNames> _names = new(System.StringComparer.Ordinal);

        // The same types the analyzers resolve (one list of IrlExec type names); null without a reference to IrlExec.
        private readonly IrlExecSymbols? _known;

        private readonly INamedTypeSymbol? _attribute;

        private ParserSymbols(Compilation compilation)
        {
            Compilation = compilation;
            _known = IrlExecSymbols.Create(compilation);
            _attribute = compilation.GetTypeByMetadataName("System.Attribute");
        }

        /// <summary>Which IrlExec attribute class <paramref name="symbol"/> is, or <see cref="AttributeKind.Other"/>.</summary>
        public AttributeKind KindOf(ISymbol symbol)
        {
            if (_known is null || symbol is not INamedTypeSymbol type) return AttributeKind.Other;
            var comparer = SymbolEqualityComparer.Default;
            if (comparer.Equals(type, _known.WorkflowAttribute)) return AttributeKind.Workflow;
            if (comparer.Equals(type, _known.StepAttribute)) return AttributeKind.Step;
            if (comparer.Equals(type, _known.VariableAttribute)) return AttributeKind.Variable;
            if (comparer.Equals(type, _known.InputAttribute)) return AttributeKind.Input;
            if (comparer.Equals(type, _known.OutputAttribute)) return AttributeKind.Output;
            if (comparer.Equals(type, _known.SecretAttribute)) return AttributeKind.Secret;
            if (comparer.Equals(type, _known.WorkflowMigrationAttribute)) return AttributeKind.WorkflowMigration;
            if (comparer.Equals(type, _known.ServiceAttribute)) return AttributeKind.Service;
            return AttributeKind.Other;
        }

        /// <summary>
        /// Which step contract <paramref name="symbol"/> is: <c>IStep</c> or <c>ISimulatedStep</c> when that interface
        /// neither nests types nor extends another interface (what a step's scope and its contracts would otherwise
        /// pick up), else <see cref="StepContract.Uncertain"/>.
        /// </summary>
        public StepContract ContractOf(ISymbol symbol)
        {
            if (_known is null || symbol is not INamedTypeSymbol type) return StepContract.Uncertain;
            var comparer = SymbolEqualityComparer.Default;
            var contract = comparer.Equals(type, _known.Step) ? StepContract.Step
                : comparer.Equals(type, _known.SimulatedStep) ? StepContract.SimulatedStep
                : StepContract.Uncertain;
            return contract != StepContract.Uncertain && type.GetTypeMembers().IsEmpty && type.AllInterfaces.IsEmpty
                ? contract
                : StepContract.Uncertain;
        }

        /// <summary>Whether <paramref name="type"/> derives from <c>System.Attribute</c>.</summary>
        public bool IsAttributeClass(INamedTypeSymbol type)
        {
            for (var current = type.BaseType; current is not null; current = current.BaseType)
            {
                if (SymbolEqualityComparer.Default.Equals(current, _attribute)) return true;
            }
            return false;
        }

        /// <summary>The name lookups shared by the workflows whose <see cref="NameScope.Key"/> is <paramref name="scopeKey"/>.</summary>
        public SharedNames SharedNames(string scopeKey) => _names.GetOrAdd(scopeKey, static _ => new SharedNames());

        /// <summary><see cref="VariableNaming.ToSnakeCase"/> of <paramref name="name"/>, one string per name for this compilation.</summary>
        public string SnakeCase(string name) => _snakeCase.GetOrAdd(name, VariableNaming.ToSnakeCase);

        /// <summary>The default step name of a step class (<c>ListIncidents</c> → <c>list-incidents</c>), one string per name.</summary>
        public string StepName(string className) => _stepNames.GetOrAdd(className, static c => VariableNaming.ToSnakeCase(c).Replace('_', '-'));

        /// <summary>The compilation these symbols come from.</summary>
        public Compilation Compilation { get; }

        public INamedTypeSymbol? WorkflowAttribute => _known?.WorkflowAttribute;
        public INamedTypeSymbol? StepAttribute => _known?.StepAttribute;
        public INamedTypeSymbol? VariableAttribute => _known?.VariableAttribute;
        public INamedTypeSymbol? InputAttribute => _known?.InputAttribute;
        public INamedTypeSymbol? OutputAttribute => _known?.OutputAttribute;
        public INamedTypeSymbol? SecretAttribute => _known?.SecretAttribute;
        public INamedTypeSymbol? ServiceAttribute => _known?.ServiceAttribute;
        public INamedTypeSymbol? Step => _known?.Step;
        public INamedTypeSymbol? WorkflowMigrationAttribute => _known?.WorkflowMigrationAttribute;
        public bool IsMigrationHookShape(IMethodSymbol method) => _known?.IsMigrationHookShape(method) ?? false;
        public INamedTypeSymbol? SimulatedStep => _known?.SimulatedStep;

        /// <summary>The symbols of <paramref name="compilation"/>, resolved on first use.</summary>
        public static ParserSymbols For(Compilation compilation) =>
            Cache.GetValue(compilation, static c => new ParserSymbols(c));

        /// <summary>
        /// <see cref="Parser.DescribeType"/> for a workflow with a JSON context, memoized for this compilation (the same
        /// few types recur on most properties). A type that needs a JSON context is null when the workflow has none.
        /// </summary>
        public TypeModel? DescribeType(ITypeSymbol type, string? jsonContext)
        {
            var described = _types.GetOrAdd(type, static t => Parser.DescribeType(t, ContextPlaceholder));
            if (described is null) return null;
            return described.Json == JsonSource.Context && jsonContext is null ? null : described;
        }

        /// <summary>
        /// <see cref="DescribeType"/> of a type written with a keyword (<c>int</c>, <c>string?</c>, <c>double?</c>):
        /// the same description the property's symbol would give, without binding the property.
        /// </summary>
        public TypeModel? DescribeKeywordType(SpecialType specialType, bool annotated, string? jsonContext)
        {
            ITypeSymbol type = Compilation.GetSpecialType(specialType);
            if (type.TypeKind == TypeKind.Error) return null;
            if (annotated)
            {
                type = type.IsValueType
                    ? Compilation.GetSpecialType(SpecialType.System_Nullable_T).Construct(type)
                    : type.WithNullableAnnotation(NullableAnnotation.Annotated);
            }
            return DescribeType(type, jsonContext);
        }

        // DescribeType only checks the context for null; any non-null value gives the context-independent description.
        private const string ContextPlaceholder = "";
    }
}
