using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace IrlExec.Generators.Parsing
{
    /// <summary>Which IrlExec attribute an attribute's name stands for.</summary>
    internal enum AttributeKind
    {
        /// <summary>An attribute that is not an IrlExec one (or does not resolve at all).</summary>
        Other,
        Workflow,
        Step,
        Variable,
        Input,
        Output,
        Secret,
        WorkflowMigration,
        Service,

        /// <summary>The name could not be resolved with certainty: the reader declines the workflow.</summary>
        Uncertain,
    }

    /// <summary>Which step contract a base-list name stands for.</summary>
    internal enum StepContract
    {
        /// <summary>Not certain (or not a step contract): the reader declines the workflow.</summary>
        Uncertain,
        Step,
        SimulatedStep,
    }

    /// <summary>
    /// Resolves attribute names inside one workflow class by name lookup, without binding any attribute. The answer
    /// for a name is the compiler's: it looks the name up, and the name with <c>Attribute</c> appended, in the workflow
    /// class's scope (its nested types, its base types, the namespaces and usings around it, aliases included). Any
    /// answer that is not certain (both spellings found, a type that is not a non-generic attribute class, a generic or
    /// qualified name) is <see cref="AttributeKind.Uncertain"/>, and the symbols decide instead. The names in a step's
    /// base list are resolved in the same scope (<see cref="ResolveContract"/>).
    /// </summary>
    /// <remarks>
    /// The scope is the workflow class's; <see cref="SyntaxReader"/> only reads steps whose own scope adds no type
    /// (no nested types, no base class, interfaces without nested types), so a name means the same on a step's
    /// properties. A name the workflow class does not declare itself is looked up once per <see cref="NameScope"/>
    /// of the compilation (<see cref="ParserSymbols.SharedNames"/>), not once per workflow.
    /// </remarks>
    internal sealed class AttributeNames
    {
        private readonly ParserSymbols _symbols;
        private readonly ClassDeclarationSyntax _workflow;
        private readonly int _position;
        private readonly NameScope _scope;
        private readonly SharedNames? _shared;
        private readonly Dictionary<string, AttributeKind> _resolved = new(StringComparer.Ordinal);
        private Dictionary<string, StepContract>? _contracts;
        private SemanticModel? _model;

        public AttributeNames(ParserSymbols symbols, ClassDeclarationSyntax workflow)
        {
            _symbols = symbols;
            _workflow = workflow;
            _position = workflow.OpenBraceToken.Span.End;
            _scope = NameScope.Of(workflow);
            _shared = _scope.Key is { } key ? symbols.SharedNames(key) : null;
        }

        /// <summary>The semantic model of the workflow's tree (the lookups use it; so may the reader), made on first use.</summary>
        public SemanticModel Model => _model ??= _symbols.Compilation.GetSemanticModel(_workflow.SyntaxTree);

        /// <summary>What the attribute named <paramref name="name"/> is.</summary>
        public AttributeKind Resolve(NameSyntax name)
        {
            // A qualified name (System.ComponentModel.Description) names a type by its own name: unless that is the name
            // of an IrlExec attribute, it is not one (an alias can only come first).
            if (name is QualifiedNameSyntax or AliasQualifiedNameSyntax)
            {
                var last = name is QualifiedNameSyntax qualified ? qualified.Right : ((AliasQualifiedNameSyntax)name).Name;
                return last is IdentifierNameSyntax simple && !IsIrlExecName(simple.Identifier.ValueText) ? AttributeKind.Other : AttributeKind.Uncertain;
            }
            // A generic name, or a verbatim identifier (@Input binds Input only): rare enough to leave to the symbols.
            if (name is not IdentifierNameSyntax identifier || identifier.Identifier.Text.StartsWith("@", StringComparison.Ordinal))
            {
                return AttributeKind.Uncertain;
            }
            return Cached(identifier.Identifier.ValueText, _resolved, _shared?.Kinds, s_lookup);
        }

        /// <summary>
        /// Which step contract a step's base-list entry names: <c>IStep</c> or <c>ISimulatedStep</c>, found the way the
        /// compiler finds it (a nested class's base list binds in its containing class's scope, the same scope as the
        /// attribute names), or <see cref="StepContract.Uncertain"/> for anything else (another interface, a base
        /// class, a generic or qualified name): then the symbols decide.
        /// </summary>
        public StepContract ResolveContract(TypeSyntax type)
        {
            if (type is not IdentifierNameSyntax identifier || identifier.Identifier.Text.StartsWith("@", StringComparison.Ordinal))
            {
                return StepContract.Uncertain;
            }
            return Cached(identifier.Identifier.ValueText, _contracts ??= new Dictionary<string, StepContract>(StringComparer.Ordinal), _shared?.Contracts, s_lookupContract);
        }

        // This workflow's answer for a name, then the surroundings' when the workflow shares it, then a lookup (kept in both).
        private T Cached<T>(string name, Dictionary<string, T> own, ConcurrentDictionary<string, T>? shared, Func<AttributeNames, string, T> lookup)
        {
            if (own.TryGetValue(name, out var answer)) return answer;
            if (shared is null || !_scope.Shares(name))
            {
                answer = lookup(this, name);
            }
            else if (!shared.TryGetValue(name, out answer))
            {
                answer = lookup(this, name);
                shared.TryAdd(name, answer); // a lookup's answer: two threads that race add the same one
            }
            own.Add(name, answer);
            return answer;
        }

        private static readonly Func<AttributeNames, string, AttributeKind> s_lookup = static (names, name) => names.Lookup(name);
        private static readonly Func<AttributeNames, string, StepContract> s_lookupContract = static (names, name) => names.LookupContract(name);

        private StepContract LookupContract(string name)
        {
            var found = Model.LookupNamespacesAndTypes(_position, container: null, name);
            if (found.Length != 1) return StepContract.Uncertain;
            return _symbols.ContractOf(found[0] is IAliasSymbol alias ? alias.Target : found[0]);
        }

        // The names an IrlExec attribute class can be written with, with or without its suffix.
        internal static bool IsIrlExecName(string name)
        {
            var stem = name.EndsWith("Attribute", StringComparison.Ordinal) ? name.Substring(0, name.Length - "Attribute".Length) : name;
            return stem is "Workflow" or "Step" or "Variable" or "Input" or "Output" or "Secret" or "WorkflowMigration" or "Service" or "StepLog";
        }

        private AttributeKind Lookup(string name)
        {
            // C# looks up both spellings; an attribute name that finds two attribute classes is an error (CS1614).
            var found = new List<ISymbol>(2);
            foreach (var spelling in new[] { name, name + "Attribute" })
            {
                foreach (var symbol in Model.LookupNamespacesAndTypes(_position, container: null, spelling))
                {
                    found.Add(symbol is IAliasSymbol alias ? alias.Target : symbol);
                }
            }
            var kind = AttributeKind.Other;
            foreach (var symbol in found)
            {
                var known = _symbols.KindOf(symbol);
                if (known != AttributeKind.Other)
                {
                    // Ours, and nothing else of either spelling in scope: certain.
                    return found.Count == 1 ? known : AttributeKind.Uncertain;
                }
                // A namespace, a generic type or a type that is not an attribute class: the compiler skips some of those
                // and keeps looking in outer scopes, where it could find ours. Not certain.
                if (symbol is not INamedTypeSymbol { IsGenericType: false } type || !_symbols.IsAttributeClass(type))
                {
                    kind = AttributeKind.Uncertain;
                }
            }
            return kind;
        }
    }

    /// <summary>The answers of the name lookups of one <see cref="NameScope"/> key, for every workflow of a compilation that has it.</summary>
    internal sealed class SharedNames
    {
        public ConcurrentDictionary<string, AttributeKind> Kinds { get; } = new ConcurrentDictionary<string, AttributeKind>(StringComparer.Ordinal);

        public ConcurrentDictionary<string, StepContract> Contracts { get; } = new ConcurrentDictionary<string, StepContract>(StringComparer.Ordinal);
    }
}
