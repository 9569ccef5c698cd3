using System;
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
    /// IRL0030. In a workflow: every <c>[Input(Signal = ...)]</c> of one signal has the same type (the first met, in step
    /// order, sets it). At the places that send or read a signal with a type: <c>client.SignalAsync&lt;T&gt;(id, "approval", value,
    /// typeInfo)</c> (IrlExec.Hosting) and <c>context.TryGetSignal&lt;T&gt;("approval", ...)</c> in a step. When the signal
    /// name is a constant and an <c>[Input(Signal = ...)]</c> of a workflow in this compilation receives that signal,
    /// <c>T</c> must be its type (a read in a step is compared with the inputs of its own workflow only). A signal no
    /// input of this compilation receives is not checked.
    /// </summary>
    [DiagnosticAnalyzer(LanguageNames.CSharp)]
    public sealed class SignalPayloadAnalyzer : DiagnosticAnalyzer
    {
        /// <inheritdoc />
        public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = ImmutableArray.Create(DiagnosticDescriptors.SignalPayloadTypeMismatch);

        /// <inheritdoc />
        public override void Initialize(AnalysisContext context)
        {
            context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
            context.EnableConcurrentExecution();
            context.RegisterCompilationStartAction(start =>
            {
                var symbols = IrlExecSymbols.Create(start.Compilation);
                if (symbols?.StepContext is null || symbols.InputAttribute is null) return;
                var clientExtensions = start.Compilation.GetTypeByMetadataName("IrlExec.Hosting.WorkflowClientExtensions");
                // Built only when a typed send or read is met: most compilations have none, and it walks every type.
                var receivers = new Lazy<List<Receiver>>(() => Receivers(start.Compilation, symbols));
                start.RegisterOperationAction(operation => Analyze(operation, symbols, clientExtensions, receivers), OperationKind.Invocation);
                start.RegisterSymbolAction(symbol => AnalyzeWorkflow(symbol, symbols), SymbolKind.NamedType);
            });
        }

        private static void Analyze(OperationAnalysisContext context, IrlExecSymbols symbols, INamedTypeSymbol? clientExtensions, Lazy<List<Receiver>> receivers)
        {
            var invocation = (IInvocationOperation)context.Operation;
            var method = invocation.TargetMethod;
            if (!method.IsGenericMethod || method.TypeArguments.Length != 1) return;
            string verb;
            INamedTypeSymbol? workflow = null;
            if (method.Name == "TryGetSignal" && SymbolEqualityComparer.Default.Equals(method.ContainingType, symbols.StepContext))
            {
                verb = "This read takes";
                var type = context.ContainingSymbol as INamedTypeSymbol ?? context.ContainingSymbol.ContainingType;
                while (type is not null && IrlExecSymbols.Find(type, symbols.StepAttribute) is null) type = type.ContainingType;
                workflow = type?.ContainingType;
                if (workflow is null) return; // not in a [Step] class: no workflow to compare with
            }
            else if (method.Name == "SignalAsync" && clientExtensions is not null && SymbolEqualityComparer.Default.Equals(method.ContainingType, clientExtensions))
            {
                verb = "This call sends";
            }
            else
            {
                return;
            }
            var name = invocation.Arguments.FirstOrDefault(a => a.Parameter?.Name == "name")?.Value.ConstantValue;
            if (name is not { HasValue: true, Value: string signal }) return;
            var payload = method.TypeArguments[0];
            if (payload.TypeKind == TypeKind.Error) return;
            Receiver? mismatch = null;
            foreach (var receiver in receivers.Value)
            {
                if (receiver.Signal != signal) continue;
                if (workflow is not null && !SymbolEqualityComparer.Default.Equals(receiver.Workflow, workflow)) continue;
                if (SignalTypes.Same(payload, receiver.Input.Type)) return; // one receiver that takes it is enough
                mismatch ??= receiver;
            }
            if (mismatch is null) return;
            var location = invocation.Arguments.FirstOrDefault(a => a.Parameter?.Name == "value")?.Syntax.GetLocation() ?? invocation.Syntax.GetLocation();
            context.ReportDiagnostic(Diagnostic.Create(DiagnosticDescriptors.SignalPayloadTypeMismatch, location,
                verb, signal, payload.ToDisplayString(),
                $"input '{mismatch.Input.Name}' of step '{mismatch.Input.ContainingType.Name}' in workflow '{mismatch.Workflow.Name}'",
                mismatch.Input.Type.ToDisplayString()));
        }

        private static void AnalyzeWorkflow(SymbolAnalysisContext context, IrlExecSymbols symbols)
        {
            var workflow = (INamedTypeSymbol)context.Symbol;
            if (IrlExecSymbols.Find(workflow, symbols.WorkflowAttribute) is null) return;
            var first = new Dictionary<string, (IPropertySymbol Input, int Order)>(StringComparer.Ordinal);
            var inputs = new List<Receiver>();
            AddReceivers(workflow, symbols, inputs);
            foreach (var receiver in inputs.OrderBy(r => r.Order))
            {
                if (receiver.Input.Type.TypeKind == TypeKind.Error) continue;
                if (!first.TryGetValue(receiver.Signal, out var earlier))
                {
                    first.Add(receiver.Signal, (receiver.Input, receiver.Order));
                    continue;
                }
                if (SignalTypes.Same(earlier.Input.Type, receiver.Input.Type)) continue;
                var location = receiver.Input.DeclaringSyntaxReferences.FirstOrDefault()?.GetSyntax(context.CancellationToken) is Microsoft.CodeAnalysis.CSharp.Syntax.PropertyDeclarationSyntax declaration
                    ? declaration.Type.GetLocation()
                    : AttributeArguments.First(receiver.Input);
                context.ReportDiagnostic(Diagnostic.Create(DiagnosticDescriptors.SignalPayloadTypeMismatch, location,
                    $"Input '{receiver.Input.Name}' of step {receiver.Order} '{receiver.Input.ContainingType.Name}' receives", receiver.Signal, receiver.Input.Type.ToDisplayString(),
                    $"input '{earlier.Input.Name}' of step {earlier.Order} '{earlier.Input.ContainingType.Name}'", earlier.Input.Type.ToDisplayString()));
            }
        }

        /// <summary>Every <c>[Input(Signal = ...)]</c> property of a step of a <c>[Workflow]</c> class in the compilation's source.</summary>
        private static List<Receiver> Receivers(Compilation compilation, IrlExecSymbols symbols)
        {
            var receivers = new List<Receiver>();
            var pending = new Stack<INamespaceOrTypeSymbol>();
            pending.Push(compilation.Assembly.GlobalNamespace);
            while (pending.Count > 0)
            {
                var container = pending.Pop();
                if (container is INamespaceSymbol ns)
                {
                    foreach (var member in ns.GetMembers()) pending.Push(member);
                    continue;
                }
                var workflow = (INamedTypeSymbol)container;
                if (IrlExecSymbols.Find(workflow, symbols.WorkflowAttribute) is null) continue;
                AddReceivers(workflow, symbols, receivers);
            }
            return receivers;
        }

        private static void AddReceivers(INamedTypeSymbol workflow, IrlExecSymbols symbols, List<Receiver> receivers)
        {
            foreach (var step in workflow.GetTypeMembers())
            {
                var stepAttribute = IrlExecSymbols.Find(step, symbols.StepAttribute);
                if (stepAttribute is null) continue;
                var order = stepAttribute.ConstructorArguments.Length == 1 && stepAttribute.ConstructorArguments[0].Value is int value ? value : int.MaxValue;
                foreach (var property in step.GetMembers().OfType<IPropertySymbol>())
                {
                    var input = IrlExecSymbols.Find(property, symbols.InputAttribute);
                    if (input?.NamedArguments.FirstOrDefault(a => a.Key == "Signal").Value.Value is string signal)
                    {
                        receivers.Add(new Receiver(signal, workflow, property, order));
                    }
                }
            }
        }

        private sealed class Receiver
        {
            public Receiver(string signal, INamedTypeSymbol workflow, IPropertySymbol input, int order)
            {
                Signal = signal;
                Workflow = workflow;
                Input = input;
                Order = order;
            }

            public int Order { get; }

            public string Signal { get; }
            public INamedTypeSymbol Workflow { get; }
            public IPropertySymbol Input { get; }
        }
    }
}
