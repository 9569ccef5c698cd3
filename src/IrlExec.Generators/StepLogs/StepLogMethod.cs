using System;
using System.Collections.Generic;
using Microsoft.CodeAnalysis;

namespace IrlExec.Generators.StepLogs
{
    /// <summary>
    /// What a <c>[StepLog]</c> method declares, checked: its shape, its template's parts and which parameter each
    /// placeholder takes. The generator emits a body only for a method without <see cref="ShapeError"/> whose every
    /// placeholder has a parameter; the analyzer reports the rest (IRL0032, IRL0033, IRL0034). Holds symbols: never
    /// kept in a pipeline model.
    /// </summary>
    internal sealed class StepLogMethod
    {
        private StepLogMethod(IMethodSymbol method, AttributeData attribute)
        {
            Method = method;
            Attribute = attribute;
        }

        public IMethodSymbol Method { get; }

        public AttributeData Attribute { get; }

        /// <summary>The level's value (<c>ExecutionLogLevel</c>), or null when the attribute has errors.</summary>
        public int? Level { get; private set; }

        /// <summary>The template as written, or null when the attribute has errors.</summary>
        public string? Template { get; private set; }

        /// <summary>Why the method cannot be generated (not partial void, no StepContext first, a malformed template, ...), or null.</summary>
        public string? ShapeError { get; private set; }

        /// <summary>The template's parts (empty when it is malformed).</summary>
        public List<LogTemplatePart> Parts { get; } = new List<LogTemplatePart>();

        /// <summary>Per part, the index (in <see cref="IMethodSymbol.Parameters"/>) of the parameter a placeholder takes; -1 for literal text or none.</summary>
        public List<int> ParameterOfPart { get; } = new List<int>();

        /// <summary>Placeholders no parameter has (IRL0032), each once.</summary>
        public List<string> UnmatchedPlaceholders { get; } = new List<string>();

        /// <summary>Parameters (after the context) no placeholder names (IRL0033).</summary>
        public List<IParameterSymbol> UnusedParameters { get; } = new List<IParameterSymbol>();

        /// <summary>Whether the generator can write a body for it.</summary>
        public bool CanGenerate => ShapeError is null && UnmatchedPlaceholders.Count == 0 && Level is not null && Template is not null;

        /// <summary>Checks <paramref name="method"/>, which carries <paramref name="attribute"/> (<c>[StepLog]</c>).</summary>
        public static StepLogMethod Check(IMethodSymbol method, AttributeData attribute, INamedTypeSymbol? stepContext)
        {
            var result = new StepLogMethod(method, attribute);
            var arguments = attribute.ConstructorArguments;
            if (arguments.Length == 2 && arguments[0].Value is int level && arguments[1].Value is string template)
            {
                result.Level = level;
                result.Template = template;
            }
            result.ShapeError = ShapeProblem(method, stepContext);
            if (result.Template is null) return result;

            var parts = LogTemplate.Parse(result.Template, out var templateError);
            if (parts is null)
            {
                result.ShapeError ??= "its message template is malformed: " + templateError;
                return result;
            }
            result.Parts.AddRange(parts);
            var used = new bool[method.Parameters.Length];
            foreach (var part in parts)
            {
                if (part.Name is null)
                {
                    result.ParameterOfPart.Add(-1);
                    continue;
                }
                if (LogTemplate.IsReserved(part.Name))
                {
                    result.ShapeError ??= $"its placeholder '{{{part.Name}}}' has the name of a property every IrlExec log event carries ({string.Join(", ", LogTemplate.ReservedNames)}): rename it";
                }
                var index = -1;
                for (var p = 1; p < method.Parameters.Length; p++)
                {
                    if (string.Equals(method.Parameters[p].Name, part.Name, StringComparison.OrdinalIgnoreCase))
                    {
                        index = p;
                        used[p] = true;
                        break;
                    }
                }
                result.ParameterOfPart.Add(index);
                if (index < 0 && !result.UnmatchedPlaceholders.Contains(part.Name)) result.UnmatchedPlaceholders.Add(part.Name);
            }
            for (var p = 1; p < method.Parameters.Length; p++)
            {
                if (!used[p]) result.UnusedParameters.Add(method.Parameters[p]);
            }
            return result;
        }

        private static string? ShapeProblem(IMethodSymbol method, INamedTypeSymbol? stepContext)
        {
            if (!method.IsPartialDefinition && method.PartialDefinitionPart is null) return "it is not a partial method: declare it 'partial void' without a body";
            if (!method.ReturnsVoid) return "it does not return void";
            if (method.IsGenericMethod) return "it is generic";
            if (method.Parameters.Length == 0 || stepContext is null || !SymbolEqualityComparer.Default.Equals(method.Parameters[0].Type, stepContext))
            {
                return "its first parameter is not the StepContext it logs to";
            }
            foreach (var parameter in method.Parameters)
            {
                if (parameter.RefKind != RefKind.None) return $"its parameter '{parameter.Name}' is passed by reference (ref, out or in)";
                if (parameter.IsParams) return $"its parameter '{parameter.Name}' is a params parameter";
            }
            if (method.ContainingType is null) return "it is not in a type";
            for (var type = method.ContainingType; type is not null; type = type.ContainingType)
            {
                if (!IsPartial(type)) return $"its type '{type.Name}' is not partial";
            }
            return null;
        }

        private static bool IsPartial(INamedTypeSymbol type)
        {
            foreach (var reference in type.DeclaringSyntaxReferences)
            {
                if (reference.GetSyntax() is Microsoft.CodeAnalysis.CSharp.Syntax.TypeDeclarationSyntax declaration)
                {
                    foreach (var modifier in declaration.Modifiers)
                    {
                        if (modifier.IsKind(Microsoft.CodeAnalysis.CSharp.SyntaxKind.PartialKeyword)) return true;
                    }
                }
            }
            return false;
        }
    }
}
