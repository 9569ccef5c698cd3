using System.Collections.Generic;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace IrlExec.Generators.Analyzers.StatusFlow
{
    /// <summary>
    /// Finds the WorkflowExecution and StepState locals and parameters whose status a method fully controls: every use is a
    /// call or property access on it, an assignment to it, a null/type test, or a final return. One that escapes (passed as an argument,
    /// copied to another variable, stored, captured by a lambda) may change behind the analysis' back, so it is not
    /// tracked at all: the analysis stays silent rather than guess.
    /// </summary>
    internal static class TrackableLocals
    {
        public static HashSet<ISymbol> Find(IOperation root, ISymbol owner, IrlExecSymbols symbols)
        {
            var candidates = new HashSet<ISymbol>(SymbolEqualityComparer.Default);
            var escaped = new HashSet<ISymbol>(SymbolEqualityComparer.Default);
            foreach (var operation in root.DescendantsAndSelf())
            {
                ISymbol? symbol = operation switch
                {
                    ILocalReferenceOperation local => local.Local,
                    IParameterReferenceOperation parameter => parameter.Parameter,
                    _ => null,
                };
                if (symbol is null || !IsTrackedType(operation.Type, symbols)) continue;
                candidates.Add(symbol);
                if (!IsControlledUse(operation) || !SymbolEqualityComparer.Default.Equals(EnclosingFunction(operation, owner), symbol.ContainingSymbol))
                {
                    escaped.Add(symbol);
                }
            }
            candidates.ExceptWith(escaped);
            return candidates;
        }

        public static bool IsTrackedType(ITypeSymbol? type, IrlExecSymbols symbols) =>
            type is not null &&
            (SymbolEqualityComparer.Default.Equals(type.WithNullableAnnotation(NullableAnnotation.NotAnnotated), symbols.WorkflowExecution) ||
             SymbolEqualityComparer.Default.Equals(type.WithNullableAnnotation(NullableAnnotation.NotAnnotated), symbols.StepState));

        private static bool IsControlledUse(IOperation reference)
        {
            switch (reference.Parent)
            {
                case IInvocationOperation invocation when invocation.Instance == reference:
                case IPropertyReferenceOperation property when property.Instance == reference:
                case ISimpleAssignmentOperation assignment when assignment.Target == reference:
                case IBinaryOperation:
                case IIsPatternOperation:
                case IIsTypeOperation:
                case IReturnOperation { Kind: OperationKind.Return }: // the method ends: nothing after it can be misjudged
                    return true;
                default:
                    return false;
            }
        }

        /// <summary>The lambda, local function or method that <paramref name="operation"/> runs in.</summary>
        private static ISymbol EnclosingFunction(IOperation operation, ISymbol owner)
        {
            for (var current = operation.Parent; current is not null; current = current.Parent)
            {
                if (current is IAnonymousFunctionOperation lambda) return lambda.Symbol;
                if (current is ILocalFunctionOperation local) return local.Symbol;
            }
            return owner;
        }
    }
}
