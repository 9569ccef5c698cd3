using System.Buffers;
using System.Text;
using System.Text.Json;
using IrlExec.Dashboard.Data;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace IrlExec.Dashboard.Live;

/// <summary>
/// The server-sent events a page listens to: one <c>change</c> event per execution whose history gained records (only
/// the page's own execution when <c>?id=</c> is given), then the script fetches the page's live part again. An event
/// carries the id, workflow, status and last sequence number only: no value from the execution, so no secret.
/// A comment every 15 s keeps proxies from closing an idle stream.
/// </summary>
internal static class EventStream
{
    private static readonly TimeSpan KeepAlive = TimeSpan.FromSeconds(15);

    public static async Task WriteAsync(HttpContext context, ExecutionIndex index, string? executionId)
    {
        var response = context.Response;
        response.ContentType = "text/event-stream; charset=utf-8";
        response.Headers.CacheControl = "no-cache, no-store";
        response.Headers["X-Accel-Buffering"] = "no";
        // A stream ends when the page goes away, or when the app stops (its shutdown never waits for open pages).
        var stopping = context.RequestServices.GetService<IHostApplicationLifetime>()?.ApplicationStopping ?? CancellationToken.None;
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted, stopping);
        var aborted = linked.Token;
        using var subscription = index.Changes.Subscribe();
        // The first event says which state the page was drawn from, so a page drawn before a change it missed catches up.
        await WriteEventAsync(response, "hello", Json(w => w.WriteNumber("version", index.Current.Version)), aborted).ConfigureAwait(false);
        await response.WriteAsync("retry: 1000\n\n", aborted).ConfigureAwait(false);
        await response.Body.FlushAsync(aborted).ConfigureAwait(false);
        try
        {
            while (!aborted.IsCancellationRequested)
            {
                using var wait = CancellationTokenSource.CreateLinkedTokenSource(aborted);
                wait.CancelAfter(KeepAlive);
                ExecutionChange change;
                try
                {
                    change = await subscription.Reader.ReadAsync(wait.Token).ConfigureAwait(false);
                }
                catch (OperationCanceledException) when (!aborted.IsCancellationRequested)
                {
                    await response.WriteAsync(": keep-alive\n\n", aborted).ConfigureAwait(false);
                    await response.Body.FlushAsync(aborted).ConfigureAwait(false);
                    continue;
                }
                if (executionId is not null && !string.Equals(change.Id, executionId, StringComparison.Ordinal)) continue;
                await WriteEventAsync(response, "change", Json(w =>
                {
                    w.WriteString("id", change.Id);
                    w.WriteString("workflow", change.Workflow);
                    w.WriteString("status", change.Status);
                    w.WriteNumber("sequence", change.Sequence);
                    if (change.Removed) w.WriteBoolean("removed", true);
                }), aborted).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (aborted.IsCancellationRequested)
        {
            // The page went away.
        }
    }

    private static async Task WriteEventAsync(HttpResponse response, string name, string data, CancellationToken cancellationToken)
    {
        await response.WriteAsync("event: " + name + "\ndata: " + data + "\n\n", cancellationToken).ConfigureAwait(false);
        await response.Body.FlushAsync(cancellationToken).ConfigureAwait(false);
    }

    private static string Json(Action<Utf8JsonWriter> members)
    {
        var buffer = new ArrayBufferWriter<byte>(128);
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            members(writer);
            writer.WriteEndObject();
        }
        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }
}
