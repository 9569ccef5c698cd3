using System.Threading.Channels;

namespace IrlExec.Dashboard.Data;

/// <summary>An execution whose history gained records (or that disappeared from the store).</summary>
internal sealed record ExecutionChange(string Id, string Workflow, string Status, long Sequence, bool Removed);

/// <summary>
/// Hands every change the index finds to each subscriber (an open event stream). A subscriber that falls behind loses
/// its oldest notifications, never blocks the index: a page only needs to know that something changed.
/// </summary>
internal sealed class ChangeFeed
{
    private const int Capacity = 256;
    private readonly object _gate = new();
    private readonly List<Channel<ExecutionChange>> _subscribers = [];

    public int SubscriberCount
    {
        get { lock (_gate) return _subscribers.Count; }
    }

    public Subscription Subscribe()
    {
        var channel = Channel.CreateBounded<ExecutionChange>(new BoundedChannelOptions(Capacity)
        {
            FullMode = BoundedChannelFullMode.DropOldest,
            SingleReader = true,
        });
        lock (_gate) _subscribers.Add(channel);
        return new Subscription(this, channel);
    }

    public void Publish(IReadOnlyList<ExecutionChange> changes)
    {
        if (changes.Count == 0) return;
        Channel<ExecutionChange>[] subscribers;
        lock (_gate) subscribers = [.. _subscribers];
        foreach (var subscriber in subscribers)
        {
            foreach (var change in changes) subscriber.Writer.TryWrite(change);
        }
    }

    private void Remove(Channel<ExecutionChange> channel)
    {
        lock (_gate) _subscribers.Remove(channel);
        channel.Writer.TryComplete();
    }

    public sealed class Subscription(ChangeFeed feed, Channel<ExecutionChange> channel) : IDisposable
    {
        public ChannelReader<ExecutionChange> Reader => channel.Reader;

        public void Dispose() => feed.Remove(channel);
    }
}
