namespace Corpus.Hosting;

public static class Retry
{
    public static void Again(WorkflowExecution execution)
    {
        if (execution.IsFinished)
        {
            Console.WriteLine("finished, trying again");
            {|IRL0002:execution.Resume()|};
        }
    }
}
