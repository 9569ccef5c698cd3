namespace IrlExec;

/// <summary>A runnable workflow: its <see cref="WorkflowPlan"/> and one <see cref="StepDefinition"/> per step, in order.</summary>
public sealed class WorkflowDefinition
{
    /// <summary>Creates a definition and checks that plan and steps agree.</summary>
    /// <exception cref="ArgumentException">The workflow name is not file-safe, step orders are not 1..N, or the steps do not match the plan.</exception>
    public WorkflowDefinition(WorkflowPlan plan, IReadOnlyList<StepDefinition> steps)
    {
        Plan = plan ?? throw new ArgumentNullException(nameof(plan));
        Steps = steps ?? throw new ArgumentNullException(nameof(steps));
        PathSafety.WorkflowName(plan.Name);
        if (plan.Steps.Count != steps.Count)
        {
            throw new ArgumentException($"Workflow '{plan.Name}' plans {plan.Steps.Count} steps but defines {steps.Count}.", nameof(steps));
        }
        for (var i = 0; i < steps.Count; i++)
        {
            if (plan.Steps[i].Order != i + 1)
            {
                throw new ArgumentException($"Workflow '{plan.Name}': step {i + 1} of the plan has order {plan.Steps[i].Order}; orders must be 1, 2, 3, ... without gaps or repeats.", nameof(plan));
            }
            if (!ReferenceEquals(steps[i].Plan, plan.Steps[i]) && steps[i].Plan.Name != plan.Steps[i].Name)
            {
                throw new ArgumentException($"Workflow '{plan.Name}': step {i + 1} is '{plan.Steps[i].Name}' in the plan but '{steps[i].Plan.Name}' in the definitions.", nameof(steps));
            }
        }
    }

    /// <summary>The plan.</summary>
    public WorkflowPlan Plan { get; }

    /// <summary>The steps, in order.</summary>
    public IReadOnlyList<StepDefinition> Steps { get; }

    /// <summary>The workflow name.</summary>
    public string Name => Plan.Name;

    /// <summary>
    /// The explicit migration this definition declares (a <see cref="WorkflowMigrationAttribute"/> method): used by every
    /// resume of an execution recorded under an older <see cref="WorkflowPlan.Version"/>, unless the resume passes its
    /// own <see cref="RunOptions.Migration"/>. Null: none declared.
    /// </summary>
    public PlanMigration? Migration { get; init; }

    /// <summary>
    /// The workflow's own values for the State Snapshots block of the manifest (<c>execution/README.md</c>), refreshed after
    /// each of its EXECUTION-mode runs that finishes or pauses. The generator sets it when the <c>[Workflow]</c> class
    /// implements <see cref="IManifestSnapshot"/>. Null: the workflow declares none (its runs are still counted).
    /// </summary>
    public Func<ManifestSnapshotContext, IEnumerable<ManifestSnapshotValue>>? ManifestSnapshot { get; init; }
}
