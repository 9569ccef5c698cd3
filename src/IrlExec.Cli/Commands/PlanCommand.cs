using System.CommandLine;
using IrlExec.Cli.Workflows;

namespace IrlExec.Cli.Commands;

/// <summary>
/// <c>irlexec plan &lt;workflow&gt; --assembly &lt;dll&gt;</c>: a workflow's plan without running it, as the Mermaid
/// flowchart <c>execution_state.md</c> shows (<see cref="PlanGraph.ToMermaid(WorkflowPlan)"/>), or with <c>--json</c> as data
/// (name, version, fingerprint, variables, steps).
/// </summary>
internal static class PlanCommand
{
    public static Command Create(HandlerFactory handlers)
    {
        var workflow = new Argument<string>("workflow") { Description = "The workflow name, e.g. deploy." };
        var assembly = new Option<string?>("--assembly", "-a") { Description = "The .dll that declares the workflows (built with the IrlExec generator)." };
        var command = new Command("plan", "Print a workflow's plan as a Mermaid flowchart (steps, the variables flowing between them); --json gives name, version, fingerprint and steps.");
        command.Arguments.Add(workflow);
        command.Options.Add(assembly);
        handlers.Set(command, (context, _) =>
        {
            var assemblyPath = context.Value(assembly);
            var plan = WorkflowAssembly.Find(WorkflowAssembly.Load(assemblyPath), context.Value(workflow)!, assemblyPath!).Plan;
            if (context.Json)
            {
                context.WriteJson(ToDocument(plan), CliJson.Readable.PlanDocument);
            }
            else
            {
                // Written as it is (not through the renderer): the block is meant to be pasted into markdown or piped.
                context.Console.Out.Write(PlanGraph.ToMermaid(plan));
            }
            return Task.FromResult(ExitCodes.Ok);
        }, StoreUse.Neither);
        return command;
    }

    internal static PlanDocument ToDocument(WorkflowPlan plan) => new(
        plan.Name,
        plan.Goal,
        plan.Version,
        plan.Fingerprint,
        plan.Variables.Select(v => new PlanVariableSummary(v.Name, v.TypeName, v.IsRequired, v.IsSecret)).ToList(),
        plan.Steps.Select(s => new PlanStepSummary(
            s.Order,
            s.Name,
            s.Component,
            s.Inputs.Select(i => new PlanInputSummary(i.Name, i.Reference, i.TypeName)).ToList(),
            s.Outputs.Select(o => new PlanOutputSummary(o.Name, o.TypeName)).ToList(),
            s.EstimatedCost,
            s.EstimatedSeconds,
            s.SideEffects,
            s.MaxAttempts)).ToList());
}
