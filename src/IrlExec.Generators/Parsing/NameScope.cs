using System;
using System.Collections.Generic;
using System.Text;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace IrlExec.Generators.Parsing
{
    /// <summary>
    /// What a simple type name means inside a workflow class, split in two: the part the class itself adds (its nested
    /// types, its base types) and the part around it (its namespaces, their usings and extern aliases, the file's, the
    /// compilation's global usings and namespace members). Two workflows of one compilation whose surroundings read the
    /// same (<see cref="Key"/>) find the same type under every name that neither declares itself, so
    /// <see cref="AttributeNames"/> looks such a name up once for all of them: a name lookup walks every type of every
    /// namespace in scope (hundreds of referenced assemblies), and a large project's workflows share a few surroundings.
    /// </summary>
    internal sealed class NameScope
    {
        private readonly HashSet<string>? _ownTypeNames;

        private NameScope(string? key, HashSet<string>? ownTypeNames)
        {
            Key = key;
            _ownTypeNames = ownTypeNames;
        }

        /// <summary>
        /// The text of the workflow's surroundings, or null when the class's own scope reaches further than its
        /// declaration shows (a base list: base types nest types of their own) or its file declares a file-local type
        /// (visible in that file only): then nothing is shared.
        /// </summary>
        public string? Key { get; }

        /// <summary>Whether a lookup of <paramref name="name"/> from the workflow's scope gives what it gives from its surroundings.</summary>
        public bool Shares(string name) =>
            Key is not null &&
            (_ownTypeNames is null || (!_ownTypeNames.Contains(name) && !_ownTypeNames.Contains(name + "Attribute")));

        /// <summary>The scope of a top-level workflow class declared once.</summary>
        public static NameScope Of(ClassDeclarationSyntax workflow)
        {
            if (workflow.BaseList is not null) return new NameScope(null, null);
            var key = new StringBuilder();
            for (var node = workflow.Parent; node is not null; node = node.Parent)
            {
                switch (node)
                {
                    case BaseNamespaceDeclarationSyntax ns:
                        key.Append("namespace ").Append(ns.Name.ToString()).Append('\n');
                        AppendDirectives(ns.Externs, ns.Usings, key);
                        break;
                    case CompilationUnitSyntax unit:
                        if (DeclaresFileLocalType(unit.Members)) return new NameScope(null, null);
                        key.Append("file\n");
                        AppendDirectives(unit.Externs, unit.Usings, key);
                        break;
                    default:
                        return new NameScope(null, null); // nested in a type: the parser reads top-level workflows only
                }
            }
            return new NameScope(key.ToString(), OwnTypeNames(workflow));
        }

        // Every nested type's name, of any arity: a generic type of a looked-up name makes the answer uncertain too.
        private static HashSet<string>? OwnTypeNames(ClassDeclarationSyntax workflow)
        {
            HashSet<string>? names = null;
            foreach (var member in workflow.Members)
            {
                var identifier = member switch
                {
                    BaseTypeDeclarationSyntax type => type.Identifier,
                    DelegateDeclarationSyntax @delegate => @delegate.Identifier,
                    _ => default,
                };
                if (identifier.RawKind != 0) (names ??= new HashSet<string>(StringComparer.Ordinal)).Add(identifier.ValueText);
            }
            return names;
        }

        private static void AppendDirectives(SyntaxList<ExternAliasDirectiveSyntax> externs, SyntaxList<UsingDirectiveSyntax> usings, StringBuilder key)
        {
            foreach (var directive in externs) key.Append(directive.ToString()).Append('\n');
            foreach (var directive in usings) key.Append(directive.ToString()).Append('\n');
        }

        // File-local types are top-level: in the compilation unit or a namespace, never nested in a type.
        private static bool DeclaresFileLocalType(SyntaxList<MemberDeclarationSyntax> members)
        {
            foreach (var member in members)
            {
                switch (member)
                {
                    case BaseNamespaceDeclarationSyntax ns when DeclaresFileLocalType(ns.Members):
                        return true;
                    case BaseTypeDeclarationSyntax or DelegateDeclarationSyntax when member.Modifiers.Any(SyntaxKind.FileKeyword):
                        return true;
                }
            }
            return false;
        }
    }
}
