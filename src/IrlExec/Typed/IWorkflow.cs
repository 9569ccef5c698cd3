namespace IrlExec;

/// <summary>
/// What every generated workflow class is: its runnable <see cref="Definition"/> and the variables of an instance. The
/// IrlExec generator implements it (explicitly) on each <c>[Workflow]</c> class, so typed host APIs take the workflow
/// class as a type argument without reflection (e.g. <c>client.StartAsync(new IncidentApproval { ... })</c>).
/// </summary>
/// <typeparam name="TSelf">The workflow class.</typeparam>
public interface IWorkflow<TSelf> where TSelf : IWorkflow<TSelf>
{
    /// <summary>The workflow's runnable definition (the generated <c>Definition</c>).</summary>
    static abstract WorkflowDefinition Definition { get; }

    /// <summary>The initial variables of a run: every <c>[Variable]</c> property of this instance (the generated <c>ToVariables()</c>).</summary>
    VariableStore ToVariables();
}

/// <summary>
/// A typed view of an execution of one workflow, made from its <see cref="ExecutionState"/>: the generated
/// <c>State</c> class of a <c>[Workflow]</c> class implements it (see <see cref="WorkflowStateView"/>).
/// </summary>
/// <typeparam name="TSelf">The view class.</typeparam>
public interface IWorkflowState<TSelf> where TSelf : IWorkflowState<TSelf>
{
    /// <summary>The name of the workflow whose executions this view reads.</summary>
    static abstract string WorkflowName { get; }

    /// <summary>The view of <paramref name="state"/>.</summary>
    /// <exception cref="WorkflowException">The execution runs another workflow, or a variable's value cannot be read as its declared type.</exception>
    static abstract TSelf From(ExecutionState state);
}
