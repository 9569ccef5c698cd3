namespace IrlExec;

/// <summary>
/// An explicit migration of an in-flight execution to a newer definition (<c>[Workflow(Version = N)]</c> raised):
/// maps the execution's old variables to what the new definition's remaining steps read. Declared on the workflow class
/// with <see cref="WorkflowMigrationAttribute"/> (the generated <see cref="WorkflowDefinition.Migration"/>), or passed
/// to one resume in <see cref="RunOptions.Migration"/>.
/// </summary>
public delegate void PlanMigration(PlanMigrationContext context);

/// <summary>What a <see cref="PlanMigration"/> sees and may change.</summary>
public sealed class PlanMigrationContext
{
    internal PlanMigrationContext(string executionId, WorkflowPlan recorded, WorkflowPlan current, IReadOnlyList<string> changes, VariableStore variables)
    {
        ExecutionId = executionId;
        RecordedPlan = recorded;
        CurrentPlan = current;
        Changes = changes;
        Variables = variables;
    }

    /// <summary>The execution being migrated.</summary>
    public string ExecutionId { get; }

    /// <summary>The plan the execution ran under so far.</summary>
    public WorkflowPlan RecordedPlan { get; }

    /// <summary>The plan it continues under.</summary>
    public WorkflowPlan CurrentPlan { get; }

    /// <summary>The version the execution ran under so far.</summary>
    public int FromVersion => RecordedPlan.Version;

    /// <summary>The version it continues under.</summary>
    public int ToVersion => CurrentPlan.Version;

    /// <summary>What changed between the two plans, one line per difference.</summary>
    public IReadOnlyList<string> Changes { get; }

    /// <summary>The execution's variables: set (or re-type) the ones the new definition reads. Every change is recorded in the history.</summary>
    public VariableStore Variables { get; }
}

/// <summary>
/// Resuming an execution with a definition whose plan changed in a way that is not safe (a completed or the current
/// step changed, or a remaining step would read a missing or differently typed variable), without an explicit migration.
/// </summary>
public sealed class IncompatiblePlanException : WorkflowException
{
    /// <summary>Creates the exception.</summary>
    public IncompatiblePlanException(string executionId, string workflow, string recordedFingerprint, string currentFingerprint, IReadOnlyList<string> changes, IReadOnlyList<string> reasons)
        : base(Format(executionId, workflow, recordedFingerprint, currentFingerprint, changes, reasons))
    {
        ExecutionId = executionId;
        RecordedFingerprint = recordedFingerprint;
        CurrentFingerprint = currentFingerprint;
        Changes = changes;
        Reasons = reasons;
    }

    /// <summary>The execution that was not resumed.</summary>
    public string ExecutionId { get; }

    /// <summary>The fingerprint the execution recorded.</summary>
    public string RecordedFingerprint { get; }

    /// <summary>The fingerprint of the definition it was resumed with.</summary>
    public string CurrentFingerprint { get; }

    /// <summary>Every difference between the two plans.</summary>
    public IReadOnlyList<string> Changes { get; }

    /// <summary>Why those differences make the resume unsafe.</summary>
    public IReadOnlyList<string> Reasons { get; }

    private static string Format(string executionId, string workflow, string recorded, string current, IReadOnlyList<string> changes, IReadOnlyList<string> reasons) =>
        $"Execution '{executionId}' cannot resume: workflow '{workflow}' changed (plan fingerprint {recorded} → {current}).\n" +
        "What changed:\n" + string.Join("\n", changes.Select(c => "  - " + c)) + "\n" +
        "Why it is not safe:\n" + string.Join("\n", reasons.Select(r => "  - " + r)) + "\n" +
        "Restore the previous definition to finish this execution, or raise [Workflow(Version = ...)] and declare a [WorkflowMigration] method (or resume with RunOptions.Migration).";
}
