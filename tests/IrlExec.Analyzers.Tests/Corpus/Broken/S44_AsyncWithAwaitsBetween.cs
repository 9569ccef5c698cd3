namespace Corpus.Hosting;

public static class Crawler
{
    public static async Task CrawlAsync(System.Net.Http.HttpClient http, string url)
    {
        var execution = WorkflowExecution.Start("crawl", ExecutionMode.Execution);
        var page = await http.GetStringAsync(url);
        execution.Pause("rate limited");
        await Task.Delay(1000);
        Console.WriteLine(page.Length);
        {|IRL0001:execution.Complete()|};
    }
}
