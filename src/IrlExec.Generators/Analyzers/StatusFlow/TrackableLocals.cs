using System.Collections.Generic;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace IrlExec.Generators.Analyzers.StatusFlow
{
    /// <summary>
    /// Finds the WorkflowExecution and StepState locals and parameters whose executions a method fully sees. A use is
    /// followed when it is a call or property access on it, an assignment to it, a copy into another such local (the two
    /// are then followed together: an alias), a null/type test, a return, or an argument of a helper method that
    /// <see cref="MethodSummaries"/> follows. A local that escapes any other way (passed to another method, stored in a
    /// field, a collection or an array, captured by a lambda, referred to by a <c>ref</c> local) may change behind the analysis' back, so it is not tracked
    /// at all, and neither is any local it was copied to or from: the analysis stays silent rather than guess.
    /// </summary>
    internal static class TrackableLocals
    {
        public static HashSet<ISymbol> Find(IOperation root, ISymbol owner, IrlExecSymbols symbols, MethodSummaries summaries)
        {
            var candidates = new HashSet<ISymbol>(SymbolEqualityComparer.Default);
            var escaped = new HashSet<ISymbol>(SymbolEqualityComparer.Default);
            var groups = new Dictionary<ISymbol, ISymbol>(SymbolEqualityComparer.Default);
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
                if (symbol is ILocalSymbol { IsRef: true })
                {
                    escaped.Add(symbol); // a ref local is another variable's storage: assigning it assigns that variable
                    continue;
                }
                if (!SymbolEqualityComparer.Default.Equals(EnclosingFunction(operation, owner), symbol.ContainingSymbol))
                {
                    escaped.Add(symbol); // captured by a lambda or local function
                    continue;
                }
                switch (Use(operation, symbols, summaries, out var alias))
                {
                    case UseKind.Followed:
                        break;
                    case UseKind.Alias:
                        Union(groups, symbol, alias!);
                        candidates.Add(alias!);
                        break;
                    default:
                        escaped.Add(symbol);
                        break;
                }
            }
            // A group of locals copied into one another escapes as a whole.
            var escapedRoots = new HashSet<ISymbol>(SymbolEqualityComparer.Default);
            foreach (var symbol in escaped) escapedRoots.Add(Find(groups, symbol));
            candidates.RemoveWhere(symbol => escapedRoots.Contains(Find(groups, symbol)));
            return candidates;
        }

        public static bool IsTrackedType(ITypeSymbol? type, IrlExecSymbols symbols) =>
            type is not null &&
            (SymbolEqualityComparer.Default.Equals(type.WithNullableAnnotation(NullableAnnotation.NotAnnotated), symbols.WorkflowExecution) ||
             SymbolEqualityComparer.Default.Equals(type.WithNullableAnnotation(NullableAnnotation.NotAnnotated), symbols.StepState));

        private enum UseKind
        {
            Followed,
            Alias,
            Escapes,
        }

        private static UseKind Use(IOperation reference, IrlExecSymbols symbols, MethodSummaries summaries, out ISymbol? alias)
        {
            alias = null;
            // Where the value goes: through conversions, parentheses, ?:, ?? and switch expression arms.
            var current = reference;
            var parent = current.Parent;
            while (true)
            {
                switch (parent)
                {
                    case IConversionOperation:
                    case IParenthesizedOperation:
                    case ICoalesceOperation:
                    case IConditionalOperation conditional when conditional.Condition != current:
                    case ISwitchExpressionArmOperation arm when arm.Value == current:
                    case ISwitchExpressionOperation switchExpression when switchExpression.Value != current:
                        current = parent;
                        parent = current.Parent;
                        continue;
                }
                break;
            }
            switch (parent)
            {
                case IInvocationOperation invocation when invocation.Instance == current:
                case IPropertyReferenceOperation property when property.Instance == current:
                case IConditionalAccessOperation access when access.Operation == current:
                case IBinaryOperation:
                case IIsPatternOperation:
                case IIsTypeOperation:
                case ISwitchExpressionOperation:
                case ISwitchOperation:
                case IReturnOperation { Kind: OperationKind.Return }:
                    // Through ?: or ??, the analysis sees which execution it is only where the paths agree, and forgets
                    // every status where they do not: still followed.
                    return UseKind.Followed;
                case ISimpleAssignmentOperation assignment when assignment.Target == current:
                    return current == reference ? UseKind.Followed : UseKind.Escapes;
                case ISimpleAssignmentOperation { IsRef: true }:
                    return UseKind.Escapes; // r = ref x: r is the variable x itself, not a copy of its value
                case ISimpleAssignmentOperation assignment when assignment.Value == current:
                    alias = Variable(assignment.Target, symbols);
                    return alias is null ? UseKind.Escapes : UseKind.Alias;
                case IVariableInitializerOperation { Parent: IVariableDeclaratorOperation { Symbol.IsRef: true } }:
                    return UseKind.Escapes; // ref var r = ref x: assigning r assigns x
                case IVariableInitializerOperation { Parent: IVariableDeclaratorOperation declarator }:
                    alias = IsTrackedType(declarator.Symbol.Type, symbols) ? declarator.Symbol : null;
                    return alias is null ? UseKind.Escapes : UseKind.Alias;
                case IArgumentOperation { Parameter: { } parameter, Parent: IInvocationOperation call }:
                    var awaited = call.Parent is IAwaitOperation || call.Parent is IConversionOperation { Parent: IAwaitOperation };
                    return summaries.CanPass(call.TargetMethod, parameter.Ordinal, awaited) ? UseKind.Followed : UseKind.Escapes;
                default:
                    return UseKind.Escapes;
            }
        }

        /// <summary>The local or parameter of a followed type an assignment writes, or null (a field, an element, ...).</summary>
        private static ISymbol? Variable(IOperation target, IrlExecSymbols symbols) => target switch
        {
            ILocalReferenceOperation local when IsTrackedType(local.Local.Type, symbols) => local.Local,
            IParameterReferenceOperation { Parameter.RefKind: RefKind.None } parameter when IsTrackedType(parameter.Parameter.Type, symbols) => parameter.Parameter,
            _ => null,
        };

        private static ISymbol Find(Dictionary<ISymbol, ISymbol> groups, ISymbol symbol)
        {
            while (groups.TryGetValue(symbol, out var parent) && !SymbolEqualityComparer.Default.Equals(parent, symbol)) symbol = parent;
            return symbol;
        }

        private static void Union(Dictionary<ISymbol, ISymbol> groups, ISymbol left, ISymbol right)
        {
            var a = Find(groups, left);
            var b = Find(groups, right);
            if (!SymbolEqualityComparer.Default.Equals(a, b)) groups[a] = b;
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
