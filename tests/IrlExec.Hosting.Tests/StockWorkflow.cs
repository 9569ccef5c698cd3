using System.Collections.Concurrent;

namespace IrlExec.Hosting.Tests;

/// <summary>A scoped service: one per step attempt in a hosted run.</summary>
public sealed class StockLedger : IDisposable
{
    public bool Disposed { get; private set; }

    public void Dispose() => Disposed = true;
}

/// <summary>A singleton service: shared by every attempt.</summary>
public sealed class StockPrices;

/// <summary>What the [Service] properties of each attempt of <see cref="StockWorkflow"/> received, by execution id.</summary>
public static class StockAttempts
{
    public static readonly ConcurrentDictionary<string, ConcurrentQueue<(int Attempt, StockLedger Ledger, StockPrices Prices, bool LedgerDisposed)>> Seen = new();
}

/// <summary>A generated workflow whose step takes services as [Service] properties and fails its first attempt.</summary>
[Workflow("stock-reservation")]
public partial class StockWorkflow
{
    [Variable] public required string Item { get; init; }

    [Step(1, Name = "reserve", MaxAttempts = 2)]
    public partial class Reserve : IStep
    {
        [Input] public string Item { get; set; } = "";
        [Service] public StockLedger Ledger { get; init; } = null!;
        [Service] public StockPrices Prices { get; set; } = null!;
        [Output] public string Reservation { get; set; } = "";

        public ValueTask ExecuteAsync(StepContext context, CancellationToken cancellationToken)
        {
            StockAttempts.Seen.GetOrAdd(context.ExecutionId, _ => new()).Enqueue((context.Attempt, Ledger, Prices, Ledger.Disposed));
            if (context.Attempt == 1) throw new IOException("the ledger was busy");
            Reservation = "reserved " + Item;
            return ValueTask.CompletedTask;
        }
    }
}
