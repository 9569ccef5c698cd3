namespace Corpus.Valid;

public static class Pairing
{
    // a and b may be the same execution (the caller decides): nothing is known of one after a transition of the other.
    public static void Link(WorkflowExecution a, WorkflowExecution b)
    {
        a.Pause("linking");
        b.Resume();
        a.Complete();
    }
}
