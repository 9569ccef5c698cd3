using System;
using System.Collections.Generic;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.FlowAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace IrlExec.Generators.Analyzers.StatusFlow
{
    /// <summary>A transition the table refuses, found on an object: what the analyzer reports, or what a helper's summary carries to its callers.</summary>
    internal sealed class Violation
    {
        public Violation(int objectId, bool isStep, StatusSet from, int target, string name, IOperation at, string? through = null)
        {
            ObjectId = objectId;
            IsStep = isStep;
            From = from;
            Target = target;
            Name = name;
            At = at;
            Through = through;
        }

        /// <summary>The abstract object whose transition is refused.</summary>
        public int ObjectId { get; }
        public bool IsStep { get; }

        /// <summary>Every status the object may have there (each one refuses the target).</summary>
        public StatusSet From { get; }

        /// <summary>The target status (an ExecutionStatus or a StepStatus value).</summary>
        public int Target { get; }

        /// <summary>The variable the transition is made through.</summary>
        public string Name { get; }

        /// <summary>The transition (or the call of the helper that makes it).</summary>
        public IOperation At { get; }

        /// <summary>The helper method that makes the transition, when it is made by one.</summary>
        public string? Through { get; }
    }

    /// <summary>
    /// The transfer function of the status flow analysis: walks the operations of one basic block in evaluation order and
    /// updates what is known (<c>Start</c> → IN_PROGRESS, <c>Create</c> → PLANNING, <c>TransitionTo(constant)</c>,
    /// <c>Pause</c>/<c>Resume</c>/<c>Complete</c>/<c>Fail</c>, <c>stepState.Status = constant</c>, the effect of a helper
    /// method the execution is passed to, the execution a factory method returns). When given a report callback it
    /// also reports transitions that every status the object may have refuses.
    /// </summary>
    internal sealed class TransitionWalker
    {
        private readonly IrlExecSymbols _symbols;
        private readonly HashSet<ISymbol> _trackable;
        private readonly MethodSummaries _summaries;

        public TransitionWalker(IrlExecSymbols symbols, HashSet<ISymbol> trackable, MethodSummaries summaries)
        {
            _symbols = symbols;
            _trackable = trackable;
            _summaries = summaries;
        }

        public TrackedObjects Objects { get; } = new TrackedObjects();

        /// <summary>The state at the entry of a graph: each followed parameter refers to an object of its own, from outside.</summary>
        public FlowState Entry(IEnumerable<IParameterSymbol> parameters, IParameterSymbol? summarized, StatusSet? summarizedStatus)
        {
            var state = new FlowState();
            foreach (var parameter in parameters)
            {
                if (!_trackable.Contains(parameter)) continue;
                var id = Objects.For(parameter, ObjectKind.External, IsStepType(parameter.Type), null);
                state.Refer(FlowKey.For(parameter), FlowState.Bit(id));
                if (summarizedStatus is { } status && SymbolEqualityComparer.Default.Equals(parameter, summarized)) state.SetStatus(id, status);
            }
            return state;
        }

        /// <summary>Applies the operations of <paramref name="block"/> to <paramref name="state"/>; <paramref name="changed"/> sees every intermediate state.</summary>
        public void Transfer(BasicBlock block, FlowState state, Action<Violation>? report, Action<FlowState> changed)
        {
            foreach (var operation in block.Operations) Visit(operation, state, report, changed);
            if (block.BranchValue is not null) Visit(block.BranchValue, state, report, changed);
        }

        /// <summary>
        /// Whether a region's operations may change what is known: an assignment to a followed variable, a transition,
        /// a call (over-approximated). Used for the finally a branch runs on its way.
        /// </summary>
        public static bool MayChange(IEnumerable<BasicBlock> blocks)
        {
            foreach (var block in blocks)
            {
                var roots = block.BranchValue is null ? block.Operations : block.Operations.Add(block.BranchValue);
                foreach (var operation in roots.SelectMany(o => o.DescendantsAndSelf()))
                {
                    if (operation is IInvocationOperation or IObjectCreationOperation or ISimpleAssignmentOperation or IFlowCaptureOperation) return true;
                }
            }
            return false;
        }

        /// <summary>
        /// The state along a conditional branch whose condition (<paramref name="condition"/>) evaluated to
        /// <paramref name="outcome"/>: <c>x.Status == ExecutionStatus.Paused</c>, <c>is Paused or Resumed</c>, <c>!=</c>,
        /// <c>is not</c>, <c>!</c>, a switch on the status (its compiler capture or a local holding <c>x.Status</c>),
        /// <c>x.IsFinished</c> narrow the object's statuses on each edge; null when the edge cannot be taken.
        /// </summary>
        public FlowState? Narrow(FlowState state, IOperation condition, bool outcome)
        {
            var operation = Unwrap(condition);
            IOperation? statusRead;
            StatusSet? matches;
            switch (operation)
            {
                case IUnaryOperation { OperatorKind: UnaryOperatorKind.Not } not:
                    return Narrow(state, not.Operand, !outcome);
                case IBinaryOperation { OperatorKind: BinaryOperatorKind.Equals or BinaryOperatorKind.NotEquals } binary:
                    var (read, constant) = binary.RightOperand.ConstantValue.HasValue ? (binary.LeftOperand, binary.RightOperand) : (binary.RightOperand, binary.LeftOperand);
                    if (binary.LeftOperand.ConstantValue.HasValue && binary.RightOperand.ConstantValue.HasValue) return state;
                    statusRead = read;
                    matches = ConstantSet(read, constant);
                    if (matches is { } equal && binary.OperatorKind == BinaryOperatorKind.NotEquals) matches = equal.Complement();
                    if (matches is null && IsFinishedRead(read, state) is { } finishedObject &&
                        Unwrap(constant)?.ConstantValue is { HasValue: true, Value: bool flag })
                    {
                        // x.IsFinished == true / != false ...
                        var terminal = TerminalSet();
                        var isTrue = flag == (binary.OperatorKind == BinaryOperatorKind.Equals);
                        return NarrowObject(state, finishedObject, isTrue ? terminal : terminal.Complement(), outcome);
                    }
                    break;
                case IIsPatternOperation { Pattern: IRecursivePatternOperation recursive } isRecursive:
                    // x is { Status: Paused, IsFinished: false }: known on the matching edge only (the other also takes null).
                    if (!outcome || FlowState.Single(ObjectsOfReference(isRecursive.Value, state)) is not { } matched) return state;
                    return PropertyPatternSet(recursive) is { } required ? NarrowObject(state, matched, required, outcome) : state;
                case IIsPatternOperation isPattern:
                    statusRead = isPattern.Value;
                    matches = PatternSet(isPattern.Pattern, StatusType(isPattern.Value));
                    break;
                case IPropertyReferenceOperation { Property.Name: "IsFinished" } when IsFinishedRead(operation, state) is { } finished:
                    return NarrowObject(state, finished, TerminalSet(), outcome);
                default:
                    return state;
            }
            if (matches is not { } set || StatusObject(statusRead, state) is not { } id) return state;
            return NarrowObject(state, id, set, outcome);
        }

        private static FlowState? NarrowObject(FlowState state, int id, StatusSet matches, bool outcome)
        {
            var current = state.StatusOf(id) ?? StatusSet.All(matches.IsStep);
            if (current.IsStep != matches.IsStep) return state;
            var narrowed = outcome ? current.Intersect(matches) : current.Except(matches);
            if (narrowed.IsEmpty) return null; // the known statuses rule this edge out
            if (narrowed.Equals(current)) return state;
            var result = state.Clone();
            // SetStatus forgets the status reads of the object; the reads still hold on this edge.
            result.NarrowStatus(id, narrowed);
            return result;
        }

        private static StatusSet TerminalSet() =>
            StatusSet.Of(ExecutionStatus.CompletedSuccess).Union(StatusSet.Of(ExecutionStatus.CompletedFailure));

        /// <summary>The object whose current status <paramref name="read"/> is: <c>x.Status</c>, or a capture or local holding it.</summary>
        private int? StatusObject(IOperation? read, FlowState state)
        {
            var operation = Unwrap(read);
            switch (operation)
            {
                case IPropertyReferenceOperation { Property.Name: "Status" } property when IsTrackedType(property.Property.ContainingType):
                    return FlowState.Single(ObjectsOfReference(property.Instance, state));
                case IFlowCaptureReferenceOperation capture:
                    return state.StatusReadOf(FlowKey.For(capture.Id));
                case ILocalReferenceOperation local:
                    return state.StatusReadOf(FlowKey.For(local.Local));
                default:
                    return null;
            }
        }

        private int? IsFinishedRead(IOperation? read, FlowState state) =>
            Unwrap(read) is IPropertyReferenceOperation { Property.Name: "IsFinished" } property &&
            SymbolEqualityComparer.Default.Equals(property.Property.ContainingType, _symbols.WorkflowExecution)
                ? FlowState.Single(ObjectsOfReference(property.Instance, state))
                : null;

        /// <summary>Whether a status value is of the execution or the step enum (null for neither).</summary>
        private static bool? StatusType(IOperation? value)
        {
            var type = Unwrap(value)?.Type;
            if (type is null) return null;
            if (type.Name == "ExecutionStatus" && type.ContainingNamespace?.Name == "IrlExec") return false;
            if (type.Name == "StepStatus" && type.ContainingNamespace?.Name == "IrlExec") return true;
            return null;
        }

        private static StatusSet? ConstantSet(IOperation read, IOperation constant)
        {
            if (StatusType(read) is not { } isStep || Unwrap(constant)?.ConstantValue is not { HasValue: true, Value: int value }) return null;
            return isStep ? StatusSet.Of((StepStatus)value) : StatusSet.Of((ExecutionStatus)value);
        }

        /// <summary>The statuses a pattern matches exactly, or null when it is not made of constants (then nothing is narrowed).</summary>
        private static StatusSet? PatternSet(IPatternOperation pattern, bool? isStep)
        {
            if (isStep is not { } step) return null;
            switch (pattern)
            {
                case IConstantPatternOperation constant when constant.Value.ConstantValue is { HasValue: true, Value: int value }:
                    return step ? StatusSet.Of((StepStatus)value) : StatusSet.Of((ExecutionStatus)value);
                case INegatedPatternOperation negated:
                    return PatternSet(negated.Pattern, isStep)?.Complement();
                case IBinaryPatternOperation binary:
                    if (PatternSet(binary.LeftPattern, isStep) is not { } left || PatternSet(binary.RightPattern, isStep) is not { } right) return null;
                    return binary.OperatorKind == BinaryOperatorKind.Or ? left.Union(right) : left.Intersect(right);
                case IDiscardPatternOperation:
                    return StatusSet.All(step);
                default:
                    return null;
            }
        }

        /// <summary>The statuses a <c>{ Status: ..., IsFinished: ... }</c> pattern requires, or null when it says nothing of them.</summary>
        private StatusSet? PropertyPatternSet(IRecursivePatternOperation recursive)
        {
            StatusSet? required = null;
            foreach (var subpattern in recursive.PropertySubpatterns)
            {
                if ((subpattern.Member as IMemberReferenceOperation)?.Member is not IPropertySymbol { } property || !IsTrackedType(property.ContainingType)) continue;
                StatusSet? set = null;
                if (property.Name == "Status")
                {
                    set = PatternSet(subpattern.Pattern, IsStepType(property.ContainingType));
                }
                else if (property.Name == "IsFinished" && subpattern.Pattern is IConstantPatternOperation { Value.ConstantValue: { HasValue: true, Value: bool finished } })
                {
                    set = finished ? TerminalSet() : TerminalSet().Complement();
                }
                if (set is { } known) required = required is { } sofar ? sofar.Intersect(known) : known;
            }
            return required;
        }

        private void Visit(IOperation operation, FlowState state, Action<Violation>? report, Action<FlowState> changed)
        {
            if (operation is IFlowAnonymousFunctionOperation) return; // a lambda body runs later, if at all: analyzed on its own graph
            foreach (var child in operation.ChildOperations) Visit(child, state, report, changed);

            switch (operation)
            {
                case IFlowCaptureOperation capture:
                    Assign(FlowKey.For(capture.Id), capture.Value, state, changed);
                    break;
                case ISimpleAssignmentOperation assignment:
                    VisitAssignment(assignment, state, report, changed);
                    break;
                case IVariableDeclaratorOperation declarator when declarator.Initializer is not null:
                    Assign(FlowKey.For(declarator.Symbol), declarator.Initializer.Value, state, changed);
                    break;
                case IInvocationOperation invocation:
                    VisitInvocation(invocation, state, report, changed);
                    break;
                case IObjectCreationOperation creation when creation.Constructor is { } constructor:
                    if (IsSource(constructor)) state.ForgetMembers();
                    if (_summaries.MayTransition(constructor) || MethodSummaries.MayCallBack(constructor, creation.Arguments)) ForgetExternal(state, changed);
                    break;
                case IAwaitOperation:
                    state.ForgetMembers(); // other code of this object may run meanwhile
                    changed(state);
                    break;
            }
        }

        private void VisitAssignment(ISimpleAssignmentOperation assignment, FlowState state, Action<Violation>? report, Action<FlowState> changed)
        {
            if (assignment.Target is IPropertyReferenceOperation { Property.Name: "Status" } property &&
                SymbolEqualityComparer.Default.Equals(property.Property.ContainingType, _symbols.StepState))
            {
                var target = assignment.Value.ConstantValue is { HasValue: true, Value: int value } ? (StepStatus?)value : null;
                var objects = ObjectsOfReference(property.Instance, state);
                if (FlowState.Single(objects) is { } known && Objects.SiteOf(known) is { } site && site.Syntax.Span.Contains(assignment.Syntax.Span))
                {
                    // An object initializer (new StepState { Status = ... }) sets the first status; it is not a transition.
                    state.SetStatus(known, target is { } initial ? StatusSet.Of(initial) : null);
                    changed(state);
                    return;
                }
                Transition(property.Instance, objects, target is { } to ? StatusSet.Of(to) : (StatusSet?)null, true, assignment, state, report, changed);
                return;
            }
            if (Key(assignment.Target) is { IsCapture: false } key)
            {
                Assign(key, assignment.Value, state, changed);
            }
            else if (assignment.Target is ILocalReferenceOperation { Local: var local } && StatusType(assignment.Target) is not null)
            {
                // A local holding a status (var status = execution.Status): a switch on it narrows the execution.
                Assign(FlowKey.For(local), assignment.Value, state, changed);
            }
        }

        private void VisitInvocation(IInvocationOperation invocation, FlowState state, Action<Violation>? report, Action<FlowState> changed)
        {
            var method = invocation.TargetMethod;
            if (SymbolEqualityComparer.Default.Equals(method.ContainingType, _symbols.WorkflowExecution))
            {
                if (method.IsStatic) return; // Start/Create: values, see Evaluate
                StatusSet? to;
                switch (method.Name)
                {
                    case "TransitionTo":
                        var argument = invocation.Arguments.FirstOrDefault(a => a.Parameter?.Ordinal == 0);
                        to = argument?.Value.ConstantValue is { HasValue: true, Value: int value } ? StatusSet.Of((ExecutionStatus)value) : null;
                        break;
                    case "Pause": to = StatusSet.Of(ExecutionStatus.Paused); break;
                    case "Resume": to = StatusSet.Of(ExecutionStatus.Resumed); break;
                    case "Complete": to = StatusSet.Of(ExecutionStatus.CompletedSuccess); break;
                    case "Fail": to = StatusSet.Of(ExecutionStatus.CompletedFailure); break;
                    default: return; // reads nothing that changes the status
                }
                Transition(invocation.Instance, ObjectsOfReference(invocation.Instance, state), to, false, invocation, state, report, changed);
                return;
            }
            VisitCall(invocation, state, report, changed);
        }

        /// <summary>A call of another method: a helper the execution is passed to, or a method that may change executions it can reach.</summary>
        private void VisitCall(IInvocationOperation invocation, FlowState state, Action<Violation>? report, Action<FlowState> changed)
        {
            var method = invocation.TargetMethod;
            var awaited = invocation.Parent is IAwaitOperation || (invocation.Parent is IConversionOperation { IsImplicit: true, Parent: IAwaitOperation });
            try
            {
                VisitCall(invocation, method, awaited, state, report, changed);
            }
            finally
            {
                // Code of this compilation may assign fields and properties this method reads.
                if (IsSource(method) || method.MethodKind == MethodKind.DelegateInvoke) state.ForgetMembers();
            }
        }

        private void VisitCall(IInvocationOperation invocation, IMethodSymbol method, bool awaited, FlowState state, Action<Violation>? report, Action<FlowState> changed)
        {
            var tracked = new List<(IArgumentOperation Argument, ulong Objects)>();
            foreach (var argument in invocation.Arguments)
            {
                if (!IsTrackedType(argument.Value.Type) || Unwrap(argument.Value) is { ConstantValue.HasValue: true }) continue;
                tracked.Add((argument, ObjectsOfReference(argument.Value, state)));
            }
            if (invocation.Instance is { } instance && IsTrackedType(instance.Type)) tracked.Add((null!, ObjectsOfReference(instance, state)));

            if (tracked.Count == 1 && tracked[0].Argument is { Parameter: { } parameter } only && FlowState.Single(tracked[0].Objects) is { } id &&
                _summaries.Summarize(method, parameter.Ordinal, awaited, state.StatusOf(id) ?? StatusSet.All(Objects.IsStep(id))) is { } summary)
            {
                if (summary.Violation is { } violation && report is not null)
                {
                    report(new Violation(id, violation.IsStep, violation.From, violation.Target, Name(only.Value), invocation, method.Name));
                }
                if (summary.OtherEffects) ForgetExternal(state, changed, except: id);
                if (Objects.KindOf(id) == ObjectKind.External && !summary.Exit.Equals(state.StatusOf(id) ?? StatusSet.All(summary.Exit.IsStep)))
                {
                    ForgetExternal(state, changed, except: id);
                }
                state.SetStatus(id, summary.Exit);
                changed(state);
                return;
            }
            if (tracked.Count > 0)
            {
                // Not followed (the locals passed here are not tracked at all, see TrackableLocals): forget what it may change.
                foreach (var (_, objects) in tracked)
                {
                    if (objects == 0) state.ForgetStatuses();
                    foreach (var objectId in FlowState.Members(objects)) state.SetStatus(objectId, null);
                }
                ForgetExternal(state, changed);
                return;
            }
            if (_summaries.MayTransition(method) || invocation.Arguments.Any(a => a.Value.Type?.TypeKind == TypeKind.Delegate) ||
                MethodSummaries.MayCallBack(method, invocation.Arguments) || (invocation.Instance is { } receiver && IsCallBackReceiver(method, receiver)))
            {
                ForgetExternal(state, changed);
            }
        }

        /// <summary>A method of another assembly called on an object of a type of this compilation (e.g. an inherited one) may run its overrides.</summary>
        private static bool IsCallBackReceiver(IMethodSymbol method, IOperation receiver) =>
            method.DeclaringSyntaxReferences.IsEmpty && Unwrap(receiver)?.Type is { } type && !type.DeclaringSyntaxReferences.IsEmpty;

        private void Transition(IOperation? instance, ulong objects, StatusSet? to, bool isStep, IOperation at, FlowState state, Action<Violation>? report, Action<FlowState> changed)
        {
            if (objects == 0)
            {
                // Which object this is cannot be told: if it is one of ours, any of them may have changed.
                if (Key(instance) is not null) state.ForgetStatuses();
                else ForgetExternal(state, changed);
                changed(state);
                return;
            }
            var members = FlowState.Members(objects).ToList();
            if (to is { } target && report is not null)
            {
                // Reported when, whichever of its possible objects the reference holds, every status it may have refuses.
                StatusSet? from = null;
                foreach (var id in members)
                {
                    if (state.StatusOf(id) is not { } known || known.IsStep != target.IsStep || !Refuses(known, target))
                    {
                        from = null;
                        break;
                    }
                    from = from is { } sofar ? sofar.Union(known) : known;
                }
                if (from is { } refused)
                {
                    report(new Violation(members[0], isStep, refused, target.IsStep ? (int)target.StepStatuses.Single() : (int)target.ExecutionStatuses.Single(), Name(instance), at));
                }
            }
            if (members.Any(id => Objects.KindOf(id) == ObjectKind.External))
            {
                state.ForgetStatuses(id => (objects & FlowState.Bit(id)) == 0 && Objects.KindOf(id) == ObjectKind.External);
            }
            if (members.Count == 1)
            {
                // After the call the status is the target (the runtime throws otherwise), which also avoids cascading reports.
                state.SetStatus(members[0], to);
            }
            else
            {
                // One of them moved to the target, the others did not move; one that cannot move there was not it (the
                // runtime would have thrown).
                foreach (var id in members)
                {
                    if (to is not { } moved || state.StatusOf(id) is not { } before) state.SetStatus(id, null);
                    else if (!Refuses(before, moved)) state.SetStatus(id, before.Union(moved));
                }
            }
            changed(state);
        }

        /// <summary>Whether every status of <paramref name="from"/> refuses <paramref name="target"/>.</summary>
        public static bool Refuses(StatusSet from, StatusSet target)
        {
            if (from.IsEmpty) return false;
            if (from.IsStep)
            {
                var to = target.StepStatuses.Single();
                return from.StepStatuses.All(s => !StatusTransitions.CanTransition(s, to));
            }
            var toExecution = target.ExecutionStatuses.Single();
            return from.ExecutionStatuses.All(s => !StatusTransitions.CanTransition(s, toExecution));
        }

        private void ForgetExternal(FlowState state, Action<FlowState> changed, int? except = null)
        {
            state.ForgetStatuses(id => id != except && Objects.KindOf(id) == ObjectKind.External);
            changed(state);
        }

        private void Assign(FlowKey key, IOperation value, FlowState state, Action<FlowState> changed)
        {
            if (StatusObject(value, state) is { } read)
            {
                state.Refer(key, 0);
                state.SetStatusRead(key, read);
            }
            else
            {
                // An execution stored in a field or property can be reached by other methods: it is not this method's alone.
                state.Refer(key, Evaluate(value, state, external: key.IsMember));
            }
            changed(state);
        }

        /// <summary>The objects a value of a followed type may be, creating the object of a site that produces a new one.</summary>
        private ulong Evaluate(IOperation value, FlowState state, bool external = false)
        {
            var operation = Unwrap(value);
            if (operation is null || !IsTrackedType(operation.Type) || operation.ConstantValue.HasValue) return 0; // null, default
            switch (operation)
            {
                case IFlowCaptureReferenceOperation or ILocalReferenceOperation or IParameterReferenceOperation or IFieldReferenceOperation or IPropertyReferenceOperation when Key(operation) is { } key:
                    return ObjectsOf(key, state);
                case IInvocationOperation invocation when invocation.TargetMethod.IsStatic &&
                    SymbolEqualityComparer.Default.Equals(invocation.TargetMethod.ContainingType, _symbols.WorkflowExecution):
                    if (invocation.TargetMethod.Name == "Start") return Fresh(operation, StatusSet.Of(ExecutionStatus.InProgress), state, external);
                    if (invocation.TargetMethod.Name == "Create") return Fresh(operation, StatusSet.Of(ExecutionStatus.Planning), state, external);
                    return External(operation, state);
                case IObjectCreationOperation creation when SymbolEqualityComparer.Default.Equals(creation.Type, _symbols.StepState):
                    return Fresh(operation, InitialStepStatus(creation), state, external);
                case IInvocationOperation factory when _summaries.Factory(factory.TargetMethod, awaited: false) is { } made:
                    return Fresh(operation, made, state, external);
                case IAwaitOperation { Operation: var awaitedValue } when Unwrap(awaitedValue) is IInvocationOperation asyncFactory &&
                    _summaries.Factory(asyncFactory.TargetMethod, awaited: true) is { } madeLater:
                    return Fresh(operation, madeLater, state, external);
                default:
                    return External(operation, state);
            }
        }

        private ulong Fresh(IOperation site, StatusSet? status, FlowState state, bool external = false)
        {
            var id = Objects.For(site, external ? ObjectKind.External : ObjectKind.Fresh, IsStepType(site.Type), site);
            state.Renew(id);
            state.SetStatus(id, status);
            return FlowState.Bit(id);
        }

        private ulong External(IOperation site, FlowState state)
        {
            var id = Objects.For(site, ObjectKind.External, IsStepType(site.Type), site);
            state.Renew(id);
            return FlowState.Bit(id);
        }

        /// <summary>A new StepState is PENDING unless its initializer says otherwise (the graph usually lowers initializers to assignments).</summary>
        private static StatusSet? InitialStepStatus(IObjectCreationOperation creation)
        {
            if (creation.Initializer is not null)
            {
                foreach (var initializer in creation.Initializer.Initializers)
                {
                    if (initializer is ISimpleAssignmentOperation { Target: IMemberReferenceOperation { Member.Name: "Status" } } set)
                    {
                        return set.Value.ConstantValue is { HasValue: true, Value: int value } ? StatusSet.Of((StepStatus)value) : null;
                    }
                }
            }
            return StatusSet.Of(StepStatus.Pending);
        }

        /// <summary>The objects a reference may refer to, when the analysis follows it (0 otherwise).</summary>
        private ulong ObjectsOfReference(IOperation? reference, FlowState state) => Key(reference) is { } key ? ObjectsOf(key, state) : 0;

        /// <summary>The objects of a key; a field or property not read since it may have been assigned refers to what it holds now: an object from outside.</summary>
        private ulong ObjectsOf(FlowKey key, FlowState state)
        {
            var objects = state.ObjectsOf(key);
            if (objects != 0 || !key.IsMember) return objects;
            var id = Objects.For(key.Symbol!, ObjectKind.External, IsStepType(key.Symbol is IFieldSymbol field ? field.Type : ((IPropertySymbol)key.Symbol!).Type), null);
            state.Renew(id);
            objects = FlowState.Bit(id);
            state.Refer(key, objects);
            return objects;
        }

        private FlowKey? Key(IOperation? operation)
        {
            var unwrapped = Unwrap(operation);
            switch (unwrapped)
            {
                case ILocalReferenceOperation local when _trackable.Contains(local.Local):
                    return FlowKey.For(local.Local);
                case IParameterReferenceOperation parameter when _trackable.Contains(parameter.Parameter):
                    return FlowKey.For(parameter.Parameter);
                case IFlowCaptureReferenceOperation capture:
                    return FlowKey.For(capture.Id);
                case IFieldReferenceOperation field when IsTrackedType(field.Type) && IsThisOrStatic(field.Instance):
                    return FlowKey.For(field.Field);
                case IPropertyReferenceOperation property when IsTrackedType(property.Type) && property.Arguments.IsEmpty &&
                    IsThisOrStatic(property.Instance) && IsAutoProperty(property.Property):
                    return FlowKey.For(property.Property);
                default:
                    return null;
            }
        }

        private static bool IsThisOrStatic(IOperation? instance) =>
            instance is null or IInstanceReferenceOperation { ReferenceKind: InstanceReferenceKind.ContainingTypeInstance };

        /// <summary>A property of this compilation whose accessors have no body: reading it twice gives the same object.</summary>
        private static bool IsAutoProperty(IPropertySymbol property) =>
            property.DeclaringSyntaxReferences.Length == 1 &&
            property.DeclaringSyntaxReferences[0].GetSyntax() is Microsoft.CodeAnalysis.CSharp.Syntax.PropertyDeclarationSyntax { ExpressionBody: null, AccessorList: { } accessors } &&
            accessors.Accessors.All(a => a.Body is null && a.ExpressionBody is null);

        private static bool IsSource(IMethodSymbol method) => !method.DeclaringSyntaxReferences.IsEmpty;

        public bool IsTrackedType(ITypeSymbol? type) => TrackableLocals.IsTrackedType(type, _symbols);

        private bool IsStepType(ITypeSymbol? type) =>
            type is not null && SymbolEqualityComparer.Default.Equals(type.WithNullableAnnotation(NullableAnnotation.NotAnnotated), _symbols.StepState);

        internal static IOperation? Unwrap(IOperation? operation)
        {
            while (true)
            {
                switch (operation)
                {
                    case IConversionOperation { IsImplicit: true } conversion:
                        operation = conversion.Operand;
                        continue;
                    case IParenthesizedOperation parenthesized:
                        operation = parenthesized.Operand;
                        continue;
                    default:
                        return operation;
                }
            }
        }

        private static string Name(IOperation? reference) => Unwrap(reference) switch
        {
            ILocalReferenceOperation local => local.Local.Name,
            IParameterReferenceOperation parameter => parameter.Parameter.Name,
            IFieldReferenceOperation field => field.Field.Name,
            IPropertyReferenceOperation property => property.Property.Name,
            IFlowCaptureReferenceOperation capture => capture.Syntax.ToString(),
            _ => "(new)",
        };
    }
}
