using System;
using System.Collections.Generic;
using IrlExec.Generators.Model;
using Microsoft.CodeAnalysis;

namespace IrlExec.Generators.Parsing
{
    /// <summary>
    /// The public members the generator declares in a workflow class (<see cref="GeneratedNames"/>), with their shapes,
    /// and which members of the user's class clash with them (C# would report CS0102, CS0111 or CS0082 in the generated
    /// file). The parser uses it to leave a clashing member out and to pick names that cannot clash; the analyzer uses
    /// the same rules to report IRL0026 on the user's member, so the two never disagree.
    /// </summary>
    internal static class GeneratedMembers
    {
        /// <summary>The tool name in the <c>[GeneratedCode]</c> attribute of every generated member.</summary>
        public const string GeneratorTool = "IrlExec.Generators";

        private enum Parameters
        {
            /// <summary>A property: any member of the same name clashes.</summary>
            Property,

            /// <summary><c>ToVariables()</c>.</summary>
            None,

            /// <summary><c>(WorkflowRunner, TWorkflow, RunOptions, CancellationToken)</c>.</summary>
            Run,

            /// <summary><c>(WorkflowRunner, string, TWorkflow, RunOptions, CancellationToken)</c>.</summary>
            Resume,
        }

        private static readonly (string Name, Parameters Parameters, string Description)[] Public =
        {
            (GeneratedNames.Plan, Parameters.Property, "the static property 'Plan' (the workflow's plan)"),
            (GeneratedNames.Definition, Parameters.Property, "the static property 'Definition' (the workflow's runnable definition)"),
            (GeneratedNames.ToVariables, Parameters.None, "the method 'ToVariables()' (the variables of a run)"),
            (GeneratedNames.RunAsync, Parameters.Run, "the static method 'RunAsync(WorkflowRunner, {0}, RunOptions?, CancellationToken)'"),
            (GeneratedNames.SimulateAsync, Parameters.Run, "the static method 'SimulateAsync(WorkflowRunner, {0}, RunOptions?, CancellationToken)'"),
            (GeneratedNames.ResumeAsync, Parameters.Resume, "the static method 'ResumeAsync(WorkflowRunner, string, {0}?, RunOptions?, CancellationToken)'"),
            (GeneratedNames.State, Parameters.Property, "the nested class 'State' (the typed view of an execution)"),
            (GeneratedNames.Changes, Parameters.Property, "the nested class 'Changes' (the variables to set on resume)"),
        };

        // Nested classes cannot take the name of the class they are in (CS0542): a workflow class named State gets no State.
        private static readonly string[] NestedTypes = { GeneratedNames.State, GeneratedNames.Changes };

        /// <summary>A member of the user's workflow class that clashes with generated member <see cref="Generated"/>.</summary>
        internal readonly struct Clash
        {
            public Clash(ISymbol member, string generated, string description)
            {
                Member = member;
                Generated = generated;
                Description = description;
            }

            /// <summary>The user's member.</summary>
            public ISymbol Member { get; }

            /// <summary>The generated member's name (a <see cref="GeneratedNames"/> constant).</summary>
            public string Generated { get; }

            /// <summary>What the generated member is, for the diagnostic's message.</summary>
            public string Description { get; }
        }

        /// <summary>
        /// The members <paramref name="workflow"/> declares itself (in any partial part) that clash with a public generated
        /// member. Members the generator declared (a compilation that already holds the generated source) are not counted.
        /// </summary>
        public static List<Clash> Clashes(INamedTypeSymbol workflow, Compilation compilation)
        {
            var clashes = new List<Clash>();
            var names = OwnNames(workflow);
            foreach (var (name, parameters, description) in Public)
            {
                var accessor = "get_" + name;
                var byName = names.Contains(name);
                var byAccessor = parameters == Parameters.Property && names.Contains(accessor);
                if (!byName && !byAccessor) continue;
                if (byName)
                {
                    foreach (var member in workflow.GetMembers(name))
                    {
                        if (IsUserMember(member) && Clashes(member, parameters, workflow, compilation))
                        {
                            clashes.Add(new Clash(member, name, Describe(description, workflow)));
                        }
                    }
                }
                if (byAccessor)
                {
                    // A method get_Plan() takes the name of the generated property's getter (CS0082).
                    foreach (var member in workflow.GetMembers(accessor))
                    {
                        if (IsUserMember(member) && member is IMethodSymbol { MethodKind: MethodKind.Ordinary, Parameters.Length: 0, IsGenericMethod: false })
                        {
                            clashes.Add(new Clash(member, name, Describe(description, workflow)));
                        }
                    }
                }
            }
            return clashes;
        }

        /// <summary>The generated names of <paramref name="workflow"/>: what it claims, what is hidden, the private prefix.</summary>
        public static GeneratedNames NamesOf(INamedTypeSymbol workflow, Compilation compilation)
        {
            var names = OwnNames(workflow);
            var claimed = new List<string>();
            foreach (var clash in Clashes(workflow, compilation))
            {
                if (!claimed.Contains(clash.Generated)) claimed.Add(clash.Generated);
            }
            foreach (var nested in NestedTypes)
            {
                if (workflow.Name == nested && !claimed.Contains(nested)) claimed.Add(nested);
            }
            var hidden = new List<string>();
            for (var type = workflow.BaseType; type is not null && type.SpecialType != SpecialType.System_Object; type = type.BaseType)
            {
                foreach (var member in type.GetMembers())
                {
                    if (member.IsImplicitlyDeclared || !compilation.IsSymbolAccessibleWithin(member, workflow)) continue;
                    names.Add(member.Name);
                    foreach (var (name, parameters, _) in Public)
                    {
                        if (member.Name == name && !hidden.Contains(name) && Clashes(member, parameters, workflow, compilation)) hidden.Add(name);
                    }
                }
                if (IsWorkflowInThisCompilation(type, compilation))
                {
                    // Its generated members are not in this compilation yet (the generator is adding them now): it will
                    // have Plan, Definition and ToVariables() like this class (its runner methods take its own type).
                    foreach (var name in new[] { GeneratedNames.Plan, GeneratedNames.Definition, GeneratedNames.ToVariables, GeneratedNames.State, GeneratedNames.Changes })
                    {
                        if (!hidden.Contains(name)) hidden.Add(name);
                    }
                }
            }
            foreach (var name in claimed) hidden.Remove(name); // not emitted, so it hides nothing

            var prefix = GeneratedNames.DefaultPrefix;
            while (AnyStartsWith(names, prefix)) prefix += "_";

            if (claimed.Count == 0 && hidden.Count == 0 && prefix == GeneratedNames.DefaultPrefix) return GeneratedNames.Default;
            return new GeneratedNames(prefix, claimed.ToEquatableArray(), hidden.ToEquatableArray());
        }

        private static bool Clashes(ISymbol member, Parameters parameters, INamedTypeSymbol workflow, Compilation compilation)
        {
            if (parameters == Parameters.Property || member is not IMethodSymbol method) return true;
            // A method of another signature is an overload, which C# allows.
            if (method.MethodKind != MethodKind.Ordinary || method.IsGenericMethod) return false;
            switch (parameters)
            {
                case Parameters.None:
                    return method.Parameters.Length == 0;
                case Parameters.Run:
                    return SameParameters(method, compilation.GetTypeByMetadataName("IrlExec.WorkflowRunner"), workflow,
                        compilation.GetTypeByMetadataName("IrlExec.RunOptions"), compilation.GetTypeByMetadataName("System.Threading.CancellationToken"));
                case Parameters.Resume:
                    return SameParameters(method, compilation.GetTypeByMetadataName("IrlExec.WorkflowRunner"), compilation.GetSpecialType(SpecialType.System_String), workflow,
                        compilation.GetTypeByMetadataName("IrlExec.RunOptions"), compilation.GetTypeByMetadataName("System.Threading.CancellationToken"));
                default:
                    return false;
            }
        }

        private static bool SameParameters(IMethodSymbol method, params ITypeSymbol?[] types)
        {
            if (method.Parameters.Length != types.Length) return false;
            for (var i = 0; i < types.Length; i++)
            {
                var parameter = method.Parameters[i];
                if (parameter.RefKind != RefKind.None || types[i] is null) return false;
                if (!SymbolEqualityComparer.Default.Equals(parameter.Type.WithNullableAnnotation(NullableAnnotation.NotAnnotated), types[i])) return false;
            }
            return true;
        }

        /// <summary>A member the user wrote: not compiler-made (a backing field), not one the generator declared.</summary>
        private static bool IsUserMember(ISymbol member)
        {
            if (member.IsImplicitlyDeclared) return false;
            foreach (var attribute in member.GetAttributes())
            {
                if (attribute.AttributeClass is { Name: "GeneratedCodeAttribute" } &&
                    attribute.ConstructorArguments.Length > 0 && attribute.ConstructorArguments[0].Value as string == GeneratorTool)
                {
                    return false;
                }
            }
            return true;
        }

        private static bool IsWorkflowInThisCompilation(INamedTypeSymbol type, Compilation compilation)
        {
            if (!SymbolEqualityComparer.Default.Equals(type.ContainingAssembly, compilation.Assembly)) return false;
            foreach (var attribute in type.GetAttributes())
            {
                if (attribute.AttributeClass is { Name: "WorkflowAttribute", ContainingNamespace.Name: "IrlExec" }) return true;
            }
            return false;
        }

        // MemberNames leaves out nested types; both come from the declarations, no member is bound.
        private static HashSet<string> OwnNames(INamedTypeSymbol workflow)
        {
            var names = new HashSet<string>(workflow.MemberNames, StringComparer.Ordinal);
            foreach (var nested in workflow.GetTypeMembers()) names.Add(nested.Name);
            return names;
        }

        private static bool AnyStartsWith(HashSet<string> names, string prefix)
        {
            foreach (var name in names)
            {
                if (name.StartsWith(prefix, StringComparison.Ordinal)) return true;
            }
            return false;
        }

        private static string Describe(string description, INamedTypeSymbol workflow) =>
            description.Replace("{0}", workflow.Name);
    }
}
