using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.FlowAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace IrlExec.Generators.Analyzers.StatusFlow
{
    /// <summary>What a helper method does to the execution passed to it, for an entry status set.</summary>
    internal sealed class HelperSummary
    {
        public HelperSummary(StatusSet exit, Violation? violation, bool otherEffects)
        {
            Exit = exit;
            Violation = violation;
            OtherEffects = otherEffects;
        }

        /// <summary>The statuses the execution may have when the helper returns.</summary>
        public StatusSet Exit { get; }

        /// <summary>The first transition the helper makes on it that every entry status refuses, if any.</summary>
        public Violation? Violation { get; }

        /// <summary>Whether the helper may also change other executions (its other transitions and calls).</summary>
        public bool OtherEffects { get; }
    }

    /// <summary>
    /// What the status analysis knows of the methods of this compilation that a method calls (the common intra-assembly
    /// cases, followed up to <see cref="MaxDepth"/> calls deep):
    /// <list type="bullet">
    /// <item>a helper that receives an execution (or step state): a non-virtual method or local function with a body here, the parameter
    /// passed by value, never assigned, stored, captured or passed on to anything but another such helper, and not an
    /// iterator (an async one only when the call is awaited). Its effect on the execution is computed by analysing its
    /// body from the caller's statuses;</item>
    /// <item>a factory: such a method whose every return value is an execution it created and kept to itself: the
    /// caller gets a new execution with the statuses it may have on return;</item>
    /// <item>any other method of this compilation: whether it may change an execution at all (a transition in its body
    /// or in what it calls), so that a call of it makes what is known of executions from outside unknown.</item>
    /// </list>
    /// Anything else (virtual or interface methods, methods of other assemblies, lambdas, local functions declared in
    /// lambdas, recursion) is not followed: the execution passed to it is not tracked at all.
    /// </summary>
    internal sealed class MethodSummaries
    {
        public const int MaxDepth = 3;

        [ThreadStatic] private static List<IMethodSymbol>? t_stack;

        private readonly Compilation _compilation;
        private readonly IrlExecSymbols _symbols;
        private readonly ConcurrentDictionary<SyntaxTree, SemanticModel> _models = new ConcurrentDictionary<SyntaxTree, SemanticModel>();
        private readonly ConcurrentDictionary<IMethodSymbol, Body?> _bodies = new ConcurrentDictionary<IMethodSymbol, Body?>(SymbolEqualityComparer.Default);
        private readonly ConcurrentDictionary<(IMethodSymbol, int, bool, int), HelperSummary?> _helpers = new ConcurrentDictionary<(IMethodSymbol, int, bool, int), HelperSummary?>(new HelperKeyComparer());
        private readonly ConcurrentDictionary<(IMethodSymbol, bool), Box?> _factories = new ConcurrentDictionary<(IMethodSymbol, bool), Box?>(new FactoryKeyComparer());
        private readonly ConcurrentDictionary<IMethodSymbol, bool> _effects = new ConcurrentDictionary<IMethodSymbol, bool>(SymbolEqualityComparer.Default);

        public MethodSummaries(Compilation compilation, IrlExecSymbols symbols, CancellationToken cancellationToken)
        {
            _compilation = compilation;
            _symbols = symbols;
            CancellationToken = cancellationToken;
        }

        public CancellationToken CancellationToken { get; set; }

        /// <summary>Whether an execution passed as parameter <paramref name="ordinal"/> of <paramref name="method"/> is followed into it.</summary>
        public bool CanPass(IMethodSymbol method, int ordinal, bool awaited)
        {
            if (Enter(method) is not { } body) return false;
            try
            {
                if (ordinal < 0 || ordinal >= body.Method.Parameters.Length) return false;
                var parameter = body.Method.Parameters[ordinal];
                if (parameter.RefKind != RefKind.None || !body.Trackable.Contains(parameter) || IsAssigned(body, parameter)) return false;
                if (ReturnsTracked(body.Method)) return false; // it might return the execution itself: an alias the caller cannot see
                if (body.IsIterator) return false;
                return !body.Method.IsAsync || awaited;
            }
            finally
            {
                Leave();
            }
        }

        /// <summary>The effect of <paramref name="method"/> on an execution passed as parameter <paramref name="ordinal"/> with statuses <paramref name="entry"/>, or null when it is not followed.</summary>
        public HelperSummary? Summarize(IMethodSymbol method, int ordinal, bool awaited, StatusSet entry)
        {
            method = Definition(method);
            if (!CanPass(method, ordinal, awaited)) return null;
            return _helpers.GetOrAdd((method, ordinal, entry.IsStep, entry.Bits), key => ComputeHelper(key.Item1, key.Item2, entry));
        }

        /// <summary>The statuses of the new execution <paramref name="method"/> returns (all statuses: new but unknown), or null when it is not a factory.</summary>
        public StatusSet? Factory(IMethodSymbol method, bool awaited)
        {
            method = Definition(method);
            if (method.DeclaringSyntaxReferences.Length == 0) return null;
            var box = _factories.GetOrAdd((method, awaited), key => ComputeFactory(key.Item1, key.Item2));
            return box?.Value;
        }

        /// <summary>Whether calling <paramref name="method"/> may change an execution (one it reaches by other means than its arguments).</summary>
        public bool MayTransition(IMethodSymbol method)
        {
            if (method.MethodKind == MethodKind.DelegateInvoke) return true;
            method = Definition(method);
            // Other assemblies get executions only as arguments, but a virtual or interface method of theirs may be
            // implemented by a type of this compilation.
            if (method.DeclaringSyntaxReferences.Length == 0) return IsOverridable(method);
            if (IsOverridable(method)) return true;
            if (_effects.TryGetValue(method, out var known)) return known;
            var stack = t_stack ??= new List<IMethodSymbol>();
            if (stack.Count >= MaxDepth || stack.Contains(method, SymbolEqualityComparer.Default)) return true;
            var body = Enter(method);
            if (body is null) return true;
            try
            {
                var result = Effects(body, ignoring: null);
                _effects.TryAdd(method, result);
                return result;
            }
            finally
            {
                Leave();
            }
        }

        private HelperSummary? ComputeHelper(IMethodSymbol method, int ordinal, StatusSet entry)
        {
            if (Enter(method) is not { } body) return null;
            try
            {
                var parameter = body.Method.Parameters[ordinal];
                var walker = new TransitionWalker(_symbols, body.Trackable, this);
                var start = walker.Entry(body.Method.Parameters, parameter, entry);
                var analysis = StatusFlowAnalysis.Converged(body.Graph, walker, start, CancellationToken);
                if (analysis is null) return null;
                var id = start.ObjectOf(FlowKey.For(parameter));
                Violation? first = null;
                analysis.Report(v =>
                {
                    if (v.ObjectId == id && (first is null || v.At.Syntax.SpanStart < first.At.Syntax.SpanStart)) first = v;
                });
                var exitState = analysis.ExitState;
                var exit = exitState is null || id is null ? StatusSet.All(entry.IsStep) : exitState.StatusOf(id.Value) ?? StatusSet.All(entry.IsStep);
                return new HelperSummary(exit, first, Effects(body, ignoring: parameter));
            }
            finally
            {
                Leave();
            }
        }

        private Box? ComputeFactory(IMethodSymbol method, bool awaited)
        {
            if (method.IsAsync && !awaited) return null;
            if (!ReturnsTracked(method)) return null;
            if (Enter(method) is not { } body) return null;
            try
            {
                if (body.IsIterator) return null;
                var walker = new TransitionWalker(_symbols, body.Trackable, this);
                var start = walker.Entry(body.Method.Parameters, null, null);
                var analysis = StatusFlowAnalysis.Converged(body.Graph, walker, start, CancellationToken);
                if (analysis is null) return null;
                StatusSet? result = null;
                foreach (var block in body.Graph.Blocks)
                {
                    if (block.FallThroughSuccessor is not { Semantics: ControlFlowBranchSemantics.Return } || block.BranchValue is null) continue;
                    var state = analysis.OutputOf(block);
                    if (state is null) continue; // not reached
                    var value = TransitionWalker.Unwrap(block.BranchValue);
                    if (value is IAwaitOperation awaitedValue) value = TransitionWalker.Unwrap(awaitedValue.Operation);
                    StatusSet? returned;
                    switch (value)
                    {
                        case { ConstantValue.HasValue: true }:
                            continue; // null
                        case IInvocationOperation { TargetMethod.Name: "Start" or "Create" } start2 when start2.TargetMethod.IsStatic &&
                            SymbolEqualityComparer.Default.Equals(start2.TargetMethod.ContainingType, _symbols.WorkflowExecution):
                            returned = StatusSet.Of(start2.TargetMethod.Name == "Start" ? ExecutionStatus.InProgress : ExecutionStatus.Planning);
                            break;
                        case IObjectCreationOperation creation when SymbolEqualityComparer.Default.Equals(creation.Type, _symbols.StepState):
                            return null; // its initializer is in the graph; not worth following
                        case IInvocationOperation nested:
                            returned = Factory(nested.TargetMethod, awaited: false);
                            if (returned is null) return null;
                            break;
                        case ILocalReferenceOperation or IFlowCaptureReferenceOperation:
                            var key = value is ILocalReferenceOperation local ? FlowKey.For(local.Local) : FlowKey.For(((IFlowCaptureReferenceOperation)value).Id);
                            if (value is ILocalReferenceOperation l && !body.Trackable.Contains(l.Local)) return null;
                            if (state.ObjectOf(key) is not { } id || walker.Objects.KindOf(id) != ObjectKind.Fresh) return null;
                            returned = state.StatusOf(id) ?? StatusSet.All(walker.Objects.IsStep(id));
                            break;
                        default:
                            return null;
                    }
                    result = result is { } so ? so.Union(returned.Value) : returned;
                }
                return result is { } made ? new Box(made) : null;
            }
            finally
            {
                Leave();
            }
        }

        /// <summary>
        /// Whether a call of a method of another assembly with <paramref name="arguments"/> may run code of this compilation:
        /// a delegate, or an object of a type declared here (whose virtual or interface methods it may call), is passed to it.
        /// </summary>
        public static bool MayCallBack(IMethodSymbol method, IEnumerable<IArgumentOperation> arguments)
        {
            if (!method.DeclaringSyntaxReferences.IsEmpty) return false; // followed through MayTransition
            foreach (var argument in arguments)
            {
                var type = TransitionWalker.Unwrap(argument.Value)?.Type;
                if (type is null) continue;
                if (type.TypeKind == TypeKind.Delegate || !type.DeclaringSyntaxReferences.IsEmpty) return true;
            }
            return false;
        }

        /// <summary>Whether the body may change an execution other than <paramref name="ignoring"/>.</summary>
        private bool Effects(Body body, IParameterSymbol? ignoring)
        {
            foreach (var operation in body.Operation.DescendantsAndSelf())
            {
                switch (operation)
                {
                    case IInvocationOperation invocation:
                        var method = invocation.TargetMethod;
                        if (SymbolEqualityComparer.Default.Equals(method.ContainingType, _symbols.WorkflowExecution))
                        {
                            if (!method.IsStatic && method.Name is "TransitionTo" or "Pause" or "Resume" or "Complete" or "Fail" && !IsParameter(invocation.Instance, ignoring)) return true;
                            continue;
                        }
                        var passesIgnored = ignoring is not null && invocation.Arguments.Any(a => IsParameter(a.Value, ignoring));
                        if (passesIgnored)
                        {
                            var argument = invocation.Arguments.First(a => IsParameter(a.Value, ignoring));
                            var awaited = invocation.Parent is IAwaitOperation;
                            if (argument.Parameter is null || Summarize(method, argument.Parameter.Ordinal, awaited, StatusSet.All(IsStep(ignoring!.Type)))?.OtherEffects != false) return true;
                            continue;
                        }
                        if (MayTransition(method) || MayCallBack(method, invocation.Arguments)) return true;
                        break;
                    case IObjectCreationOperation { Constructor: { } constructor } creation when MayTransition(constructor) || MayCallBack(constructor, creation.Arguments):
                        return true;
                    case ISimpleAssignmentOperation { Target: IPropertyReferenceOperation { Property.Name: "Status" } property }
                        when SymbolEqualityComparer.Default.Equals(property.Property.ContainingType, _symbols.StepState) && !IsParameter(property.Instance, ignoring):
                        return true;
                }
            }
            return false;
        }

        private bool IsStep(ITypeSymbol type) =>
            SymbolEqualityComparer.Default.Equals(type.WithNullableAnnotation(NullableAnnotation.NotAnnotated), _symbols.StepState);

        private static bool IsParameter(IOperation? operation, IParameterSymbol? parameter) =>
            parameter is not null && TransitionWalker.Unwrap(operation) is IParameterReferenceOperation reference &&
            SymbolEqualityComparer.Default.Equals(reference.Parameter, parameter);

        private static bool IsAssigned(Body body, IParameterSymbol parameter) =>
            body.Operation.DescendantsAndSelf().Any(o =>
                o is IAssignmentOperation { Target: IParameterReferenceOperation target } && SymbolEqualityComparer.Default.Equals(target.Parameter, parameter));

        private bool ReturnsTracked(IMethodSymbol method)
        {
            var type = method.ReturnType;
            if (type is INamedTypeSymbol { IsGenericType: true, TypeArguments.Length: 1 } generic && generic.Name is "Task" or "ValueTask") type = generic.TypeArguments[0];
            return TrackableLocals.IsTrackedType(type, _symbols);
        }

        private static bool IsOverridable(IMethodSymbol method) =>
            method.IsAbstract || ((method.IsVirtual || method.IsOverride) && !method.IsSealed && method.ContainingType is { IsSealed: false }) ||
            method.ContainingType?.TypeKind == TypeKind.Interface;

        private static IMethodSymbol Definition(IMethodSymbol method)
        {
            method = method.ReducedFrom ?? method;
            method = method.OriginalDefinition;
            return method.PartialImplementationPart ?? method;
        }

        /// <summary>The body of <paramref name="method"/> when it can be followed and the call depth allows; pair with <see cref="Leave"/>.</summary>
        private Body? Enter(IMethodSymbol method)
        {
            method = Definition(method);
            var stack = t_stack ??= new List<IMethodSymbol>();
            if (stack.Count >= MaxDepth || stack.Contains(method, SymbolEqualityComparer.Default)) return null;
            if (method.MethodKind is not (MethodKind.Ordinary or MethodKind.LocalFunction or MethodKind.Constructor) || method.IsExtern || IsOverridable(method) ||
                method.DeclaringSyntaxReferences.Length != 1)
            {
                return null;
            }
            stack.Add(method);
            var body = _bodies.GetOrAdd(method, Load);
            if (body is null) stack.RemoveAt(stack.Count - 1);
            return body;
        }

        private static void Leave()
        {
            var stack = t_stack!;
            stack.RemoveAt(stack.Count - 1);
        }

        private Body? Load(IMethodSymbol method)
        {
            CancellationToken.ThrowIfCancellationRequested();
            var syntax = method.DeclaringSyntaxReferences[0].GetSyntax(CancellationToken);
            var model = Model(syntax.SyntaxTree);
            IOperation? operation;
            ControlFlowGraph? graph;
            switch (syntax)
            {
                case MethodDeclarationSyntax { Body: null, ExpressionBody: null }:
                case ConstructorDeclarationSyntax { Body: null, ExpressionBody: null }:
                    return null;
                case MethodDeclarationSyntax or ConstructorDeclarationSyntax:
                    operation = model.GetOperation(syntax, CancellationToken);
                    graph = Graph(operation);
                    break;
                case LocalFunctionStatementSyntax:
                    operation = model.GetOperation(syntax, CancellationToken);
                    graph = LocalFunctionGraph(syntax, (IMethodSymbol)method, model);
                    break;
                default:
                    return null;
            }
            if (operation is null || graph is null) return null;
            var isIterator = operation.DescendantsAndSelf().Any(o => o is IReturnOperation { Kind: OperationKind.YieldReturn or OperationKind.YieldBreak });
            var trackable = TrackableLocals.Find(operation, method, _symbols, this);
            return new Body(method, operation, graph, trackable, isIterator);
        }

        /// <summary>The graph of a local function: found in the graph of the member (or top-level statements) it is declared in.</summary>
        private ControlFlowGraph? LocalFunctionGraph(SyntaxNode syntax, IMethodSymbol local, SemanticModel model)
        {
            SyntaxNode? root = null;
            foreach (var ancestor in syntax.Ancestors())
            {
                if (ancestor is AnonymousFunctionExpressionSyntax) return null; // declared in a lambda: not followed
                if (ancestor is BaseMethodDeclarationSyntax or AccessorDeclarationSyntax or CompilationUnitSyntax)
                {
                    root = ancestor;
                    break;
                }
            }
            if (root is null) return null;
            var operation = model.GetOperation(root, CancellationToken);
            return Graph(operation) is { } graph ? Find(graph) : null;

            ControlFlowGraph? Find(ControlFlowGraph graph)
            {
                foreach (var candidate in graph.LocalFunctions)
                {
                    var inner = graph.GetLocalFunctionControlFlowGraph(candidate, CancellationToken);
                    if (SymbolEqualityComparer.Default.Equals(candidate, local)) return inner;
                    if (Find(inner) is { } nested) return nested;
                }
                return null;
            }
        }

        private ControlFlowGraph? Graph(IOperation? operation) => operation switch
        {
            IMethodBodyOperation body => ControlFlowGraph.Create(body, CancellationToken),
            IConstructorBodyOperation constructor => ControlFlowGraph.Create(constructor, CancellationToken),
            IBlockOperation block => ControlFlowGraph.Create(block, CancellationToken),
            _ => null,
        };

        private SemanticModel Model(SyntaxTree tree)
        {
#pragma warning disable RS1030 // A helper's body is in another tree than the block being analysed, or outside it: its model is needed to follow the execution into it (one per tree for the compilation).
            return _models.GetOrAdd(tree, t => _compilation.GetSemanticModel(t));
#pragma warning restore RS1030
        }

        private sealed class Body
        {
            public Body(IMethodSymbol method, IOperation operation, ControlFlowGraph graph, HashSet<ISymbol> trackable, bool isIterator)
            {
                Method = method;
                Operation = operation;
                Graph = graph;
                Trackable = trackable;
                IsIterator = isIterator;
            }

            public IMethodSymbol Method { get; }
            public IOperation Operation { get; }
            public ControlFlowGraph Graph { get; }
            public HashSet<ISymbol> Trackable { get; }
            public bool IsIterator { get; }
        }

        private sealed class Box
        {
            public Box(StatusSet value) => Value = value;

            public StatusSet Value { get; }
        }

        private sealed class HelperKeyComparer : IEqualityComparer<(IMethodSymbol, int, bool, int)>
        {
            public bool Equals((IMethodSymbol, int, bool, int) x, (IMethodSymbol, int, bool, int) y) =>
                SymbolEqualityComparer.Default.Equals(x.Item1, y.Item1) && x.Item2 == y.Item2 && x.Item3 == y.Item3 && x.Item4 == y.Item4;

            public int GetHashCode((IMethodSymbol, int, bool, int) obj) =>
                (SymbolEqualityComparer.Default.GetHashCode(obj.Item1) * 31 + obj.Item2) * 31 + obj.Item4 * 2 + (obj.Item3 ? 1 : 0);
        }

        private sealed class FactoryKeyComparer : IEqualityComparer<(IMethodSymbol, bool)>
        {
            public bool Equals((IMethodSymbol, bool) x, (IMethodSymbol, bool) y) => SymbolEqualityComparer.Default.Equals(x.Item1, y.Item1) && x.Item2 == y.Item2;

            public int GetHashCode((IMethodSymbol, bool) obj) => SymbolEqualityComparer.Default.GetHashCode(obj.Item1) * 2 + (obj.Item2 ? 1 : 0);
        }
    }
}
