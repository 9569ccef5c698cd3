namespace IrlExec;

/// <summary>
/// Some variables of an execution to set before it resumes: the base of each generated <c>Changes</c> class, whose
/// properties are the workflow's <c>[Variable]</c>s and step <c>[Output]</c>s (secrets included), all optional: a
/// property left null is left as it is. Pass it to the generated <c>ResumeAsync(runner, id, changes)</c> or to a host's
/// <c>IWorkflowClient.ResumeAsync(id, changes)</c>.
/// </summary>
public abstract class WorkflowChanges
{
    /// <summary>The name of the workflow whose executions these changes are for.</summary>
    public abstract string Workflow { get; }

    /// <summary>The variables set (every property that is not null), secrets kept secret.</summary>
    public abstract VariableStore ToVariables();
}
