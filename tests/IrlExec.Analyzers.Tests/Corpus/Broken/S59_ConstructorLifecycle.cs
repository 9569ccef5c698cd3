namespace Corpus.Hosting;

public sealed class Session
{
    private readonly string _id;

    public Session()
    {
        var execution = WorkflowExecution.Start("session", ExecutionMode.Execution);
        _id = execution.Id;
        execution.Fail("no user");
        {|IRL0002:execution.Complete()|};
    }

    public override string ToString() => _id;
}
