namespace Corpus.Hosting;

// Every path out of the try/catch finishes the execution, so the pause after it can never happen.
public static class Importer
{
    public static void Import(string path)
    {
        var execution = WorkflowExecution.Start("import", ExecutionMode.Execution);
        try
        {
            var lines = File.ReadAllLines(path);
            Console.WriteLine(lines.Length);
            execution.Complete();
        }
        catch (IOException e)
        {
            execution.Fail(e.Message);
        }
        {|IRL0002:execution.Pause("waiting for the next file")|};
    }
}
