namespace Corpus.Hosting;

public static class Local
{
    public static void Run()
    {
        Go();

        static void Go()
        {
            var execution = WorkflowExecution.Start("local", ExecutionMode.Execution);
            execution.Pause("a");
            {|IRL0001:execution.Pause("b")|};
        }
    }
}
