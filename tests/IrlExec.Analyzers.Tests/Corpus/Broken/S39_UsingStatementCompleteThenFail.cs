namespace Corpus.Hosting;

public static class Streams
{
    public static void Copy(Stream source, Stream target)
    {
        var execution = WorkflowExecution.Start("copy", ExecutionMode.Execution);
        using (var buffer = new MemoryStream())
        {
            source.CopyTo(buffer);
            buffer.Position = 0;
            buffer.CopyTo(target);
            execution.Complete();
        }
        {|IRL0002:execution.Fail("copied twice")|};
    }
}
