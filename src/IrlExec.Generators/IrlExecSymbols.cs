using System.Linq;
using Microsoft.CodeAnalysis;

namespace IrlExec.Generators
{
    /// <summary>
    /// The IrlExec runtime types the analyzers and the parser look at, resolved once per compilation. Null when the
    /// compilation does not reference IrlExec (then there is nothing to analyze or generate).
    /// </summary>
    internal sealed class IrlExecSymbols
    {
        private IrlExecSymbols(Compilation compilation, INamedTypeSymbol workflowAttribute)
        {
            WorkflowAttribute = workflowAttribute;
            StepAttribute = compilation.GetTypeByMetadataName("IrlExec.StepAttribute");
            VariableAttribute = compilation.GetTypeByMetadataName("IrlExec.VariableAttribute");
            InputAttribute = compilation.GetTypeByMetadataName("IrlExec.InputAttribute");
            OutputAttribute = compilation.GetTypeByMetadataName("IrlExec.OutputAttribute");
            SecretAttribute = compilation.GetTypeByMetadataName("IrlExec.SecretAttribute");
            ServiceAttribute = compilation.GetTypeByMetadataName("IrlExec.ServiceAttribute");
            Step = compilation.GetTypeByMetadataName("IrlExec.IStep");
            SimulatedStep = compilation.GetTypeByMetadataName("IrlExec.ISimulatedStep");
            StepContext = compilation.GetTypeByMetadataName("IrlExec.StepContext");
            WorkflowExecution = compilation.GetTypeByMetadataName("IrlExec.WorkflowExecution");
            WorkflowRunner = compilation.GetTypeByMetadataName("IrlExec.WorkflowRunner");
            StepState = compilation.GetTypeByMetadataName("IrlExec.StepState");
            WorkflowMigrationAttribute = compilation.GetTypeByMetadataName("IrlExec.WorkflowMigrationAttribute");
            PlanMigrationContext = compilation.GetTypeByMetadataName("IrlExec.PlanMigrationContext");
            StepLogAttribute = compilation.GetTypeByMetadataName("IrlExec.StepLogAttribute");
        }

        public INamedTypeSymbol WorkflowAttribute { get; }
        public INamedTypeSymbol? StepAttribute { get; }
        public INamedTypeSymbol? VariableAttribute { get; }
        public INamedTypeSymbol? InputAttribute { get; }
        public INamedTypeSymbol? OutputAttribute { get; }
        public INamedTypeSymbol? SecretAttribute { get; }
        public INamedTypeSymbol? ServiceAttribute { get; }
        public INamedTypeSymbol? Step { get; }
        public INamedTypeSymbol? SimulatedStep { get; }
        public INamedTypeSymbol? StepContext { get; }
        public INamedTypeSymbol? WorkflowExecution { get; }
        public INamedTypeSymbol? WorkflowRunner { get; }
        public INamedTypeSymbol? StepState { get; }
        public INamedTypeSymbol? WorkflowMigrationAttribute { get; }
        public INamedTypeSymbol? PlanMigrationContext { get; }
        public INamedTypeSymbol? StepLogAttribute { get; }

        /// <summary>
        /// Whether <paramref name="method"/> has the shape of a migration hook: <c>static void M(PlanMigrationContext)</c>,
        /// not generic. The analyzer reports any other shape (IRL0025); the generator wires only this one.
        /// </summary>
        public bool IsMigrationHookShape(IMethodSymbol method) =>
            method.IsStatic && method.ReturnsVoid && !method.IsGenericMethod && method.Parameters.Length == 1 &&
            method.Parameters[0].RefKind == RefKind.None &&
            SymbolEqualityComparer.Default.Equals(method.Parameters[0].Type, PlanMigrationContext);

        /// <summary>The symbols of <paramref name="compilation"/>, or null when it does not reference IrlExec.</summary>
        public static IrlExecSymbols? Create(Compilation compilation)
        {
            var workflow = compilation.GetTypeByMetadataName("IrlExec.WorkflowAttribute");
            return workflow is null ? null : new IrlExecSymbols(compilation, workflow);
        }

        /// <summary>The first attribute of class <paramref name="attributeClass"/> on <paramref name="symbol"/>.</summary>
        public static AttributeData? Find(ISymbol symbol, INamedTypeSymbol? attributeClass)
        {
            if (attributeClass is null) return null;
            foreach (var attribute in symbol.GetAttributes())
            {
                if (SymbolEqualityComparer.Default.Equals(attribute.AttributeClass, attributeClass)) return attribute;
            }
            return null;
        }

        /// <summary>Whether <paramref name="type"/> implements <paramref name="contract"/>.</summary>
        public static bool Implements(ITypeSymbol type, INamedTypeSymbol? contract) =>
            contract is not null && type.AllInterfaces.Any(i => SymbolEqualityComparer.Default.Equals(i, contract));

        /// <summary>Whether <paramref name="type"/> (or a type it is nested in) implements IStep or ISimulatedStep: its code runs inside a step.</summary>
        public bool IsStepCode(INamedTypeSymbol? type)
        {
            for (var current = type; current is not null; current = current.ContainingType)
            {
                if (Implements(current, Step) || Implements(current, SimulatedStep)) return true;
            }
            return false;
        }
    }
}
