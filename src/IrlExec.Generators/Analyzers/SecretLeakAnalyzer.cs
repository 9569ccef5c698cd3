using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using IrlExec.Generators.Diagnostics;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;

namespace IrlExec.Generators.Analyzers
{
    /// <summary>
    /// Reports a <c>[Secret]</c> property's value that flows, within one method (of a type that declares a secret, or
    /// is nested in one), into a non-secret <c>[Output]</c>, into a StepContext recording call (<c>Log</c>, <c>RecordMessage</c>,
    /// <c>RecordToolCall</c>, <c>RecordStateChange</c>) or into a generated log method (<c>[StepLog]</c>).
    /// "Flows" means the value itself, or a string built from it (concatenation, interpolation, <c>??</c>, <c>?:</c>,
    /// <c>string.Format</c>/<c>Concat</c>/<c>Join</c>, a <c>StringBuilder</c> it was appended to, an array or collection
    /// holding it, <c>Trim</c>/<c>Replace</c>/... of it), also through locals assigned in the method; a value computed
    /// from it (<c>Token.Length</c>) is not a leak.
    /// </summary>
    [DiagnosticAnalyzer(LanguageNames.CSharp)]
    public sealed class SecretLeakAnalyzer : DiagnosticAnalyzer
    {
        private static readonly ImmutableHashSet<string> RecordingMethods =
            ImmutableHashSet.Create("Log", "RecordMessage", "RecordToolCall", "RecordStateChange");

        // System.String methods whose result contains the text of their arguments (static) or of the string they are
        // called on (instance).
        private static readonly ImmutableHashSet<string> TextFromArguments = ImmutableHashSet.Create("Format", "Concat", "Join");
        private static readonly ImmutableHashSet<string> TextFromInstance = ImmutableHashSet.Create(
            "ToString", "Trim", "TrimStart", "TrimEnd", "ToUpper", "ToLower", "ToUpperInvariant", "ToLowerInvariant",
            "Replace", "PadLeft", "PadRight", "Normalize", "Insert", "AsSpan", "AsMemory", "ToCharArray");

        private const string RemoveFromCall = "Remove it from the call; to show that it is there, record something that does not reveal it (whether it is set, its length)";
        private const string RemoveOrMarkSecret = "Remove it, or mark the output [Secret]";

        /// <inheritdoc />
        public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = ImmutableArray.Create(DiagnosticDescriptors.SecretLeak);

        /// <inheritdoc />
        public override void Initialize(AnalysisContext context)
        {
            context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
            context.EnableConcurrentExecution();
            context.RegisterCompilationStartAction(start =>
            {
                var symbols = IrlExecSymbols.Create(start.Compilation);
                if (symbols?.SecretAttribute is null) return;
                start.RegisterOperationBlockAction(block => Analyze(block, symbols));
            });
        }

        private static void Analyze(OperationBlockAnalysisContext context, IrlExecSymbols symbols)
        {
            // Cheap filter first: only code in a type that declares (or is nested in one that declares) a [Secret] property.
            if (!DeclaresSecrets(context.OwningSymbol.ContainingType, symbols)) return;
            foreach (var root in context.OperationBlocks)
            {
                var operations = root.DescendantsAndSelf().ToList();
                if (!operations.Any(o => SecretProperty(o, symbols) is not null)) continue;

                // Locals that hold a secret: assigned (or initialized) from a flow of one. Repeat until no new local appears.
                var secretLocals = new Dictionary<ILocalSymbol, string>(SymbolEqualityComparer.Default);
                bool grew;
                do
                {
                    grew = false;
                    foreach (var operation in operations)
                    {
                        ILocalSymbol? local = null;
                        IOperation? value = null;
                        if (operation is ISimpleAssignmentOperation { Target: ILocalReferenceOperation target } assignment)
                        {
                            local = target.Local;
                            value = assignment.Value;
                        }
                        else if (operation is ICompoundAssignmentOperation { Target: ILocalReferenceOperation compoundTarget } compound)
                        {
                            local = compoundTarget.Local; // text += secret
                            value = compound.Value;
                        }
                        else if (operation is IInvocationOperation append && IsStringBuilder(append.TargetMethod.ContainingType) &&
                                 BuilderLocal(append) is { } builder)
                        {
                            local = builder; // builder.Append(secret), builder.Append(x).AppendLine(secret): the builder's text holds it from now on
                            value = append;
                        }
                        else if (operation is IVariableDeclaratorOperation { Initializer: { } initializer } declarator)
                        {
                            local = declarator.Symbol;
                            value = initializer.Value;
                        }
                        if (local is null || value is null || secretLocals.ContainsKey(local)) continue;
                        var source = Leaks(value, symbols, secretLocals).FirstOrDefault();
                        if (source.Name is not null)
                        {
                            secretLocals.Add(local, source.Name);
                            grew = true;
                        }
                    }
                }
                while (grew);

                foreach (var operation in operations)
                {
                    if (operation is IInvocationOperation invocation && IsRecording(invocation, symbols))
                    {
                        foreach (var argument in invocation.Arguments)
                        {
                            foreach (var (reference, name) in Leaks(argument.Value, symbols, secretLocals))
                            {
                                Report(context, reference, name, IsStepContextCall(invocation, symbols)
                                    ? $"is passed to StepContext.{invocation.TargetMethod.Name}"
                                    : $"is passed to log method '{invocation.TargetMethod.Name}'", RemoveFromCall);
                            }
                        }
                    }
                    else if (operation is IAssignmentOperation { Target: IPropertyReferenceOperation target } assignment &&
                             IrlExecSymbols.Find(target.Property, symbols.OutputAttribute) is not null &&
                             IrlExecSymbols.Find(target.Property, symbols.SecretAttribute) is null)
                    {
                        foreach (var (reference, name) in Leaks(assignment.Value, symbols, secretLocals))
                        {
                            Report(context, reference, name, $"is assigned to output '{target.Property.Name}', which is not [Secret]", RemoveOrMarkSecret);
                        }
                    }
                }
            }
        }

        private static bool DeclaresSecrets(INamedTypeSymbol? type, IrlExecSymbols symbols)
        {
            for (var current = type; current is not null; current = current.ContainingType)
            {
                foreach (var member in current.GetMembers())
                {
                    if (member is IPropertySymbol && IrlExecSymbols.Find(member, symbols.SecretAttribute) is not null) return true;
                }
            }
            return false;
        }

        private static void Report(OperationBlockAnalysisContext context, IOperation reference, string name, string how, string fix) =>
            context.ReportDiagnostic(Diagnostic.Create(DiagnosticDescriptors.SecretLeak, reference.Syntax.GetLocation(), name, how, fix));

        // A StepContext recording call, or a generated log method ([StepLog]: its arguments are written to the log).
        private static bool IsRecording(IInvocationOperation invocation, IrlExecSymbols symbols) =>
            IsStepContextCall(invocation, symbols) ||
            IrlExecSymbols.Find(invocation.TargetMethod.PartialDefinitionPart ?? invocation.TargetMethod, symbols.StepLogAttribute) is not null;

        private static bool IsStepContextCall(IInvocationOperation invocation, IrlExecSymbols symbols) =>
            SymbolEqualityComparer.Default.Equals(invocation.TargetMethod.ContainingType, symbols.StepContext) &&
            RecordingMethods.Contains(invocation.TargetMethod.Name);

        /// <summary>The secret references whose value flows into <paramref name="value"/>, with the secret's name.</summary>
        private static IEnumerable<(IOperation Reference, string Name)> Leaks(IOperation value, IrlExecSymbols symbols, Dictionary<ILocalSymbol, string> secretLocals)
        {
            foreach (var operation in value.DescendantsAndSelf())
            {
                string? name = SecretProperty(operation, symbols)?.Name;
                if (name is null && operation is ILocalReferenceOperation local && secretLocals.TryGetValue(local.Local, out var held)) name = held;
                if (name is not null && FlowsInto(operation, value)) yield return (operation, name);
            }
        }

        private static IPropertySymbol? SecretProperty(IOperation operation, IrlExecSymbols symbols) =>
            operation is IPropertyReferenceOperation property && IrlExecSymbols.Find(property.Property, symbols.SecretAttribute) is not null
                ? property.Property
                : null;

        /// <summary>Whether the value of <paramref name="operation"/> reaches <paramref name="root"/> as text, not merely something computed from it.</summary>
        private static bool FlowsInto(IOperation operation, IOperation root)
        {
            for (var current = operation; current != root; current = current.Parent!)
            {
                var parent = current.Parent;
                switch (parent)
                {
                    case null:
                        return false;
                    case IConversionOperation:
                    case IParenthesizedOperation:
                    case IInterpolationOperation:
                    case IInterpolatedStringOperation:
                    case IInterpolatedStringAppendOperation:
                    case IInterpolatedStringHandlerCreationOperation:
                    case ICoalesceOperation:
                    case IArrayInitializerOperation:
                    case IArrayCreationOperation:
                    case ICollectionExpressionOperation:
                    case IBinaryOperation { OperatorKind: BinaryOperatorKind.Add } binary when binary.Type?.SpecialType == SpecialType.System_String:
                        continue;
                    case IConditionalOperation conditional when conditional.Condition != current:
                        continue;
                    case IArgumentOperation { Parent: IInvocationOperation call } when PassesArgumentText(call):
                        continue; // string.Format(..., secret), builder.Append(secret), an interpolated handler's AppendFormatted(secret)
                    case IArgumentOperation { Parent: IObjectCreationOperation creation } when IsStringBuilder(creation.Type):
                        continue; // new StringBuilder(secret)
                    case IInvocationOperation call when call.Instance == current && PassesInstanceText(call):
                        continue; // secret.Trim(), builder.ToString(), builder.Append(x) on a builder holding it
                    case IInvocationOperation when current is IArgumentOperation:
                    case IObjectCreationOperation when current is IArgumentOperation:
                        continue; // an argument the cases above let through
                    default:
                        return false;
                }
            }
            return true;
        }

        /// <summary>Whether the result of <paramref name="call"/> holds the text of its arguments.</summary>
        private static bool PassesArgumentText(IInvocationOperation call)
        {
            var method = call.TargetMethod;
            if (method.ContainingType?.SpecialType == SpecialType.System_String)
            {
                return method.IsStatic ? TextFromArguments.Contains(method.Name) : method.Name is "Replace" or "Insert";
            }
            if (IsStringBuilder(method.ContainingType)) return IsStringBuilder(method.ReturnType); // Append, AppendLine, AppendFormat, Insert, Replace
            // The AppendFormatted/AppendLiteral calls of an interpolated string handler (builder.Append($"...{secret}")).
            return call.Parent is IInterpolatedStringAppendOperation;
        }

        /// <summary>Whether the result of <paramref name="call"/> holds the text of the value it is called on.</summary>
        private static bool PassesInstanceText(IInvocationOperation call)
        {
            var method = call.TargetMethod;
            if (method.Name == "ToString") return true;
            if (IsStringBuilder(method.ContainingType)) return IsStringBuilder(method.ReturnType);
            return method.ContainingType?.SpecialType == SpecialType.System_String && TextFromInstance.Contains(method.Name);
        }

        /// <summary>The local a chain of StringBuilder calls starts from (<c>builder.Append(a).Append(b)</c>), or null.</summary>
        private static ILocalSymbol? BuilderLocal(IInvocationOperation call)
        {
            var instance = call.Instance;
            while (instance is IInvocationOperation inner && IsStringBuilder(inner.TargetMethod.ContainingType)) instance = inner.Instance;
            return (instance as ILocalReferenceOperation)?.Local;
        }

        private static bool IsStringBuilder(ITypeSymbol? type) =>
            type is { Name: "StringBuilder", ContainingNamespace: { Name: "Text", ContainingNamespace: { Name: "System", ContainingNamespace.IsGlobalNamespace: true } } };
    }
}
