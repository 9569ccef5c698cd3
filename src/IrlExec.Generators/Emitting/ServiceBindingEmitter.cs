using IrlExec.Generators.Model;
using Microsoft.CodeAnalysis.CSharp;

namespace IrlExec.Generators.Emitting
{
    /// <summary>
    /// The <c>[Service]</c> members of a step's object initializer (an <c>init</c> accessor works too): each asks the
    /// attempt's services for its type with <c>GeneratedBinding.Service&lt;T&gt;</c> (an error naming the step, property and
    /// type when absent) or, for a nullable property, <c>OptionalService&lt;T&gt;</c>. A step that is not called in
    /// SIMULATION (no ISimulatedStep, not free of side effects) resolves them in EXECUTION only.
    /// </summary>
    internal static class ServiceBindingEmitter
    {
        public static void EmitInitializers(IndentedWriter w, StepModel step)
        {
            var executionOnly = !step.HasSimulation && !step.RunsInSimulation;
            foreach (var service in step.Services)
            {
                var resolve = service.IsOptional
                    ? $"global::IrlExec.GeneratedBinding.OptionalService<{service.TypeName}>(context)"
                    : $"global::IrlExec.GeneratedBinding.Service<{service.TypeName}>(context, {SymbolDisplay.FormatLiteral(service.PropertyName, quote: true)})";
                w.Line(executionOnly
                    ? $"            {service.PropertyName} = context.Mode == global::IrlExec.ExecutionMode.Execution ? {resolve} : {(service.IsOptional ? "null" : "null!")},"
                    : $"            {service.PropertyName} = {resolve},");
            }
        }
    }
}
