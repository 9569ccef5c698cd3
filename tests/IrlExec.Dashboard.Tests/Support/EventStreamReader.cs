using System.Text;

namespace IrlExec.Dashboard.Tests.Support;

/// <summary>Reads a server-sent event stream as a browser's EventSource would: events of a name and their data lines.</summary>
public sealed class EventStreamReader : IAsyncDisposable
{
    private readonly HttpResponseMessage _response;
    private readonly StreamReader _reader;
    private readonly StringBuilder _raw = new();

    private EventStreamReader(HttpResponseMessage response, StreamReader reader)
    {
        _response = response;
        _reader = reader;
    }

    /// <summary>Everything received so far, byte for byte (comments included).</summary>
    public string Raw => _raw.ToString();

    public string? ContentType => _response.Content.Headers.ContentType?.MediaType;

    public static async Task<EventStreamReader> OpenAsync(HttpClient client, string url)
    {
        var response = await client.GetAsync(url, HttpCompletionOption.ResponseHeadersRead);
        response.EnsureSuccessStatusCode();
        var reader = new StreamReader(await response.Content.ReadAsStreamAsync(), Encoding.UTF8);
        var stream = new EventStreamReader(response, reader);
        var hello = await stream.NextAsync(TimeSpan.FromSeconds(60));
        if (hello?.Name != "hello") throw new InvalidOperationException("The stream did not start with its hello event.");
        return stream;
    }

    /// <summary>The next event, or null when none came in <paramref name="timeout"/>.</summary>
    public async Task<(string Name, string Data)?> NextAsync(TimeSpan timeout)
    {
        using var cancel = new CancellationTokenSource(timeout);
        string? name = null;
        var data = new StringBuilder();
        try
        {
            while (true)
            {
                var line = await _reader.ReadLineAsync(cancel.Token);
                if (line is null) return null;
                _raw.Append(line).Append('\n');
                if (line.Length == 0)
                {
                    if (name is not null) return (name, data.ToString());
                    continue;
                }
                if (line.StartsWith("event: ", StringComparison.Ordinal)) name = line["event: ".Length..];
                else if (line.StartsWith("data: ", StringComparison.Ordinal)) data.Append(line["data: ".Length..]);
            }
        }
        catch (OperationCanceledException)
        {
            return null;
        }
    }

    /// <summary>Reads events until one of <paramref name="name"/> whose data contains <paramref name="part"/>; null on timeout.</summary>
    public async Task<string?> WaitForAsync(string name, string part, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (DateTime.UtcNow < deadline)
        {
            var next = await NextAsync(deadline - DateTime.UtcNow);
            if (next is null) return null;
            if (next.Value.Name == name && next.Value.Data.Contains(part, StringComparison.Ordinal)) return next.Value.Data;
        }
        return null;
    }

    public ValueTask DisposeAsync()
    {
        _reader.Dispose();
        _response.Dispose();
        return ValueTask.CompletedTask;
    }
}
