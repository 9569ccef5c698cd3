using System;
using System.Collections.Generic;
using System.Linq;
using IrlExec.Generators.Diagnostics;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.FlowAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace IrlExec.Generators.Analyzers.StatusFlow
{
    /// <summary>
    /// The transfer function of the status flow analysis: walks the operations of one basic block in evaluation order and
    /// updates the known statuses (<c>Start</c> → IN_PROGRESS, <c>Create</c> → PLANNING, <c>TransitionTo(constant)</c>,
    /// <c>Pause</c>/<c>Resume</c>/<c>Complete</c>/<c>Fail</c>, <c>stepState.Status = constant</c>). When given a report
    /// callback it also reports transitions that the table in StatusTransitions refuses.
    /// </summary>
    internal sealed class TransitionWalker
    {
        private readonly IrlExecSymbols _symbols;
        private readonly HashSet<ISymbol> _trackable;
        private readonly Dictionary<CaptureId, ISymbol> _aliases = new Dictionary<CaptureId, ISymbol>();

        public TransitionWalker(IrlExecSymbols symbols, HashSet<ISymbol> trackable)
        {
            _symbols = symbols;
            _trackable = trackable;
        }

        /// <summary>Applies the operations of <paramref name="block"/> to <paramref name="state"/>; <paramref name="changed"/> sees every intermediate state.</summary>
        public void Transfer(BasicBlock block, FlowState state, Action<Diagnostic>? report, Action<FlowState> changed)
        {
            foreach (var operation in block.Operations) Visit(operation, state, report, changed);
            if (block.BranchValue is not null) Visit(block.BranchValue, state, report, changed);
        }

        /// <summary>The keys a region's operations may write (over-approximated: every tracked reference and every capture).</summary>
        public HashSet<FlowKey> KeysWrittenIn(IEnumerable<BasicBlock> blocks)
        {
            var keys = new HashSet<FlowKey>();
            foreach (var block in blocks)
            {
                var roots = block.BranchValue is null ? block.Operations : block.Operations.Add(block.BranchValue);
                foreach (var operation in roots.SelectMany(o => o.DescendantsAndSelf()))
                {
                    switch (operation)
                    {
                        case ILocalReferenceOperation local when _trackable.Contains(local.Local):
                            keys.Add(FlowKey.For(local.Local));
                            break;
                        case IParameterReferenceOperation parameter when _trackable.Contains(parameter.Parameter):
                            keys.Add(FlowKey.For(parameter.Parameter));
                            break;
                        case IFlowCaptureOperation capture:
                            keys.Add(FlowKey.For(capture.Id));
                            break;
                    }
                }
            }
            return keys;
        }

        /// <summary>
        /// The state along a conditional branch whose condition (<paramref name="condition"/>) evaluated to
        /// <paramref name="outcome"/>: <c>execution.Status == ExecutionStatus.Paused</c> (or <c>is</c>, <c>!=</c>, <c>is not</c>, <c>!</c>)
        /// makes the status known on the matching edge; null when the edge cannot be taken with the known status.
        /// </summary>
        public FlowState? Narrow(FlowState state, IOperation condition, bool outcome)
        {
            var operation = Unwrap(condition);
            IOperation? statusRead = null;
            IOperation? constant = null;
            bool equalWhenTrue;
            switch (operation)
            {
                case IUnaryOperation { OperatorKind: UnaryOperatorKind.Not } not:
                    return Narrow(state, not.Operand, !outcome);
                case IBinaryOperation { OperatorKind: BinaryOperatorKind.Equals or BinaryOperatorKind.NotEquals } binary:
                    (statusRead, constant) = binary.RightOperand.ConstantValue.HasValue ? (binary.LeftOperand, binary.RightOperand) : (binary.RightOperand, binary.LeftOperand);
                    equalWhenTrue = binary.OperatorKind == BinaryOperatorKind.Equals;
                    break;
                case IIsPatternOperation { Pattern: IConstantPatternOperation pattern } isPattern:
                    (statusRead, constant, equalWhenTrue) = (isPattern.Value, pattern.Value, true);
                    break;
                case IIsPatternOperation { Pattern: INegatedPatternOperation { Pattern: IConstantPatternOperation pattern } } isNot:
                    (statusRead, constant, equalWhenTrue) = (isNot.Value, pattern.Value, false);
                    break;
                default:
                    return state;
            }
            if (Unwrap(statusRead) is not IPropertyReferenceOperation { Property.Name: "Status" } read ||
                Key(read.Instance) is not { } key ||
                Unwrap(constant)?.ConstantValue is not { HasValue: true, Value: int value })
            {
                return state;
            }
            TrackedStatus status;
            if (SymbolEqualityComparer.Default.Equals(read.Property.ContainingType, _symbols.WorkflowExecution)) status = TrackedStatus.Of((ExecutionStatus)value);
            else if (SymbolEqualityComparer.Default.Equals(read.Property.ContainingType, _symbols.StepState)) status = TrackedStatus.Of((StepStatus)value);
            else return state;

            var equal = equalWhenTrue == outcome;
            var known = state.TryGet(key, out var current);
            if (equal)
            {
                if (known && !current.Equals(status)) return null; // "is Paused" while known to be something else: never taken
                var narrowed = state.Clone();
                narrowed.Set(key, status);
                return narrowed;
            }
            return known && current.Equals(status) ? null : state; // "is not Paused" while known to be Paused: never taken
        }

        private void Visit(IOperation operation, FlowState state, Action<Diagnostic>? report, Action<FlowState> changed)
        {
            if (operation is IFlowAnonymousFunctionOperation) return; // a lambda body runs later, if at all: analyzed on its own graph
            foreach (var child in operation.ChildOperations) Visit(child, state, report, changed);

            switch (operation)
            {
                case IFlowCaptureOperation capture:
                    if (Unwrap(capture.Value) is { } captured && TrackedSymbol(captured) is { } alias)
                    {
                        _aliases[capture.Id] = alias;
                    }
                    else
                    {
                        Assign(FlowKey.For(capture.Id), capture.Value, state, changed);
                    }
                    break;
                case ISimpleAssignmentOperation assignment:
                    VisitAssignment(assignment, state, report, changed);
                    break;
                case IInvocationOperation invocation:
                    VisitInvocation(invocation, state, report, changed);
                    break;
                case IVariableDeclaratorOperation declarator when declarator.Initializer is not null && _trackable.Contains(declarator.Symbol):
                    Assign(FlowKey.For(declarator.Symbol), declarator.Initializer.Value, state, changed);
                    break;
            }
        }

        private void VisitAssignment(ISimpleAssignmentOperation assignment, FlowState state, Action<Diagnostic>? report, Action<FlowState> changed)
        {
            if (assignment.Target is IPropertyReferenceOperation property && property.Property.Name == "Status" &&
                SymbolEqualityComparer.Default.Equals(property.Property.ContainingType, _symbols.StepState) &&
                Key(property.Instance) is { } stepKey)
            {
                var target = assignment.Value.ConstantValue is { HasValue: true, Value: int value } ? (StepStatus?)value : null;
                if (stepKey.IsCapture)
                {
                    // An object initializer (new StepState { Status = ... }) sets the first status; it is not a transition.
                    if (target is { } initial) state.Set(stepKey, TrackedStatus.Of(initial));
                    else state.Forget(stepKey);
                    changed(state);
                    return;
                }
                if (target is { } to && state.TryGet(stepKey, out var from) && from.IsStep && !StatusTransitions.CanTransition(from.Step, to))
                {
                    report?.Invoke(Diagnostic.Create(
                        DiagnosticDescriptors.InvalidStepTransition, assignment.Syntax.GetLocation(),
                        Name(stepKey), StatusTransitions.ToWireName(from.Step), StatusTransitions.ToWireName(to), Allowed(from.Step)));
                }
                if (target is { } next) state.Set(stepKey, TrackedStatus.Of(next));
                else state.Forget(stepKey);
                changed(state);
                return;
            }
            if (Key(assignment.Target) is { IsCapture: false } key)
            {
                Assign(key, assignment.Value, state, changed);
            }
        }

        private void VisitInvocation(IInvocationOperation invocation, FlowState state, Action<Diagnostic>? report, Action<FlowState> changed)
        {
            var method = invocation.TargetMethod;
            if (method.IsStatic || !SymbolEqualityComparer.Default.Equals(method.ContainingType, _symbols.WorkflowExecution)) return;
            if (Key(invocation.Instance) is not { } key) return;
            ExecutionStatus? to;
            switch (method.Name)
            {
                case "TransitionTo":
                    var argument = invocation.Arguments.FirstOrDefault(a => a.Parameter?.Ordinal == 0);
                    to = argument?.Value.ConstantValue is { HasValue: true, Value: int value } ? (ExecutionStatus?)value : null;
                    break;
                case "Pause": to = ExecutionStatus.Paused; break;
                case "Resume": to = ExecutionStatus.Resumed; break;
                case "Complete": to = ExecutionStatus.CompletedSuccess; break;
                case "Fail": to = ExecutionStatus.CompletedFailure; break;
                default: return; // reads nothing that changes the status
            }
            if (to is { } target && state.TryGet(key, out var from) && !from.IsStep && !StatusTransitions.CanTransition(from.Execution, target))
            {
                var terminal = StatusTransitions.IsTerminal(from.Execution);
                report?.Invoke(terminal
                    ? Diagnostic.Create(DiagnosticDescriptors.TransitionFromTerminal, invocation.Syntax.GetLocation(),
                        Name(key), StatusTransitions.ToWireName(from.Execution), StatusTransitions.ToWireName(target))
                    : Diagnostic.Create(DiagnosticDescriptors.InvalidStatusTransition, invocation.Syntax.GetLocation(),
                        Name(key), StatusTransitions.ToWireName(from.Execution), StatusTransitions.ToWireName(target), Allowed(from.Execution)));
            }
            // After the call the status is the target (the runtime throws otherwise), which also avoids cascading reports.
            if (to is { } next) state.Set(key, TrackedStatus.Of(next));
            else state.Forget(key);
            changed(state);
        }

        private void Assign(FlowKey key, IOperation value, FlowState state, Action<FlowState> changed)
        {
            if (Evaluate(value, state) is { } status) state.Set(key, status);
            else state.Forget(key);
            changed(state);
        }

        /// <summary>The status a freshly produced value has, when it is known.</summary>
        private TrackedStatus? Evaluate(IOperation value, FlowState state)
        {
            var operation = Unwrap(value);
            switch (operation)
            {
                case IInvocationOperation invocation when invocation.TargetMethod.IsStatic &&
                    SymbolEqualityComparer.Default.Equals(invocation.TargetMethod.ContainingType, _symbols.WorkflowExecution):
                    if (invocation.TargetMethod.Name == "Start") return TrackedStatus.Of(ExecutionStatus.InProgress);
                    if (invocation.TargetMethod.Name == "Create") return TrackedStatus.Of(ExecutionStatus.Planning);
                    return null;
                case IObjectCreationOperation creation when SymbolEqualityComparer.Default.Equals(creation.Type, _symbols.StepState):
                    return InitialStepStatus(creation);
                case IFlowCaptureReferenceOperation capture:
                    return state.TryGet(FlowKey.For(capture.Id), out var captured) ? captured : null;
                default:
                    return null;
            }
        }

        /// <summary>A new StepState is PENDING unless its initializer says otherwise (the graph usually lowers initializers to assignments).</summary>
        private static TrackedStatus? InitialStepStatus(IObjectCreationOperation creation)
        {
            if (creation.Initializer is not null)
            {
                foreach (var initializer in creation.Initializer.Initializers)
                {
                    if (initializer is ISimpleAssignmentOperation { Target: IMemberReferenceOperation { Member.Name: "Status" } } set)
                    {
                        return set.Value.ConstantValue is { HasValue: true, Value: int value } ? TrackedStatus.Of((StepStatus)value) : null;
                    }
                }
            }
            return TrackedStatus.Of(StepStatus.Pending);
        }

        private FlowKey? Key(IOperation? operation)
        {
            var unwrapped = Unwrap(operation);
            if (unwrapped is null) return null;
            if (TrackedSymbol(unwrapped) is { } symbol) return FlowKey.For(symbol);
            if (unwrapped is IFlowCaptureReferenceOperation capture)
            {
                return _aliases.TryGetValue(capture.Id, out var alias) ? FlowKey.For(alias) : FlowKey.For(capture.Id);
            }
            return null;
        }

        private ISymbol? TrackedSymbol(IOperation operation) => operation switch
        {
            ILocalReferenceOperation local when _trackable.Contains(local.Local) => local.Local,
            IParameterReferenceOperation parameter when _trackable.Contains(parameter.Parameter) => parameter.Parameter,
            _ => null,
        };

        private static IOperation? Unwrap(IOperation? operation)
        {
            while (operation is IConversionOperation { IsImplicit: true } conversion) operation = conversion.Operand;
            while (operation is IParenthesizedOperation parenthesized) operation = parenthesized.Operand;
            return operation;
        }

        private static string Name(FlowKey key) => key.Symbol?.Name ?? "(new)";

        private static string Allowed(ExecutionStatus from) =>
            Describe(StatusTransitions.AllowedTargets(from).Select(StatusTransitions.ToWireName));

        private static string Allowed(StepStatus from) =>
            Describe(StatusTransitions.AllowedTargets(from).Select(StatusTransitions.ToWireName));

        private static string Describe(IEnumerable<string> names)
        {
            var joined = string.Join(", ", names);
            return joined.Length == 0 ? "nothing" : joined;
        }
    }
}
