namespace Corpus.Hosting;

public static class Poller
{
    public static void Poll(Queue<string> jobs)
    {
        var execution = WorkflowExecution.Start("poll", ExecutionMode.Execution);
        do
        {
            jobs.TryDequeue(out _);
        }
        while (jobs.Count > 0);
        execution.Complete();
        for (var i = 0; i < 3; i++) Console.WriteLine(i);
        {|IRL0002:execution.Pause("poll again")|};
    }
}
