using System.Collections.Concurrent;
using Microsoft.Extensions.DependencyInjection;
using static IrlExec.Hosting.Tests.Workflows;

namespace IrlExec.Hosting.Tests;

/// <summary>
/// Services in steps through a real AddIrlExec host: each step attempt gets a fresh DI scope (scoped services are new
/// per attempt and disposed when it ends, singletons are shared), for hand-written steps (StepContext.Services) and
/// generated [Service] properties.
/// </summary>
public sealed class StepServicesTests : IDisposable
{
    private readonly TempRoot _root = new();

    public void Dispose() => _root.Dispose();

    [Fact]
    public async Task A_hosted_run_gives_each_step_attempt_a_new_scope_and_disposes_it_after_the_attempt()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        var seen = new ConcurrentQueue<(ScopedCounter Scoped, SharedCounter Shared, bool ScopedDisposedAlready)>();
        void Use(StepContext c)
        {
            var scoped = c.Services!.GetRequiredService<ScopedCounter>();
            seen.Enqueue((scoped, c.Services!.GetRequiredService<SharedCounter>(), scoped.Disposed));
        }
        var workflow = Of("scoped", Step("first", Use), Step("second", Use));
        using var host = await TestHost.StartAsync(_root.Path, b => b.AddWorkflow(workflow),
            services: s => s.AddScoped<ScopedCounter>().AddSingleton<SharedCounter>());
        var client = host.Client();

        var id = await client.StartAsync(workflow, cancellationToken: timeout.Token);
        var state = await client.WaitAsync(id, s => StatusTransitions.IsTerminal(s.Status), timeout.Token);

        Assert.Equal(ExecutionStatus.CompletedSuccess, state.Status);
        var uses = seen.ToArray();
        Assert.Equal(2, uses.Length);
        Assert.NotSame(uses[0].Scoped, uses[1].Scoped);
        Assert.Same(uses[0].Shared, uses[1].Shared);
        Assert.All(uses, u => Assert.False(u.ScopedDisposedAlready));
        Assert.All(uses, u => Assert.True(u.Scoped.Disposed));
        await host.StopAsync();
    }

    [Fact]
    public async Task Generated_service_properties_resolve_from_a_new_scope_per_attempt_in_a_hosted_run()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        using var host = await TestHost.StartAsync(_root.Path, b => b.AddWorkflows(typeof(StockWorkflow).Assembly),
            services: s => s.AddScoped<StockLedger>().AddSingleton<StockPrices>());
        var client = host.Client();

        var id = await client.StartAsync(new StockWorkflow { Item = "bolts" }, cancellationToken: timeout.Token);
        var state = await client.WaitAsync(id, s => StatusTransitions.IsTerminal(s.Status), timeout.Token);

        Assert.Equal(ExecutionStatus.CompletedSuccess, state.Status);
        Assert.Equal("reserved bolts", (await client.GetStateAsync<StockWorkflow.State>(id, timeout.Token))!.Reservation);
        var attempts = StockAttempts.Seen[id].ToArray();
        Assert.Equal([1, 2], attempts.Select(a => a.Attempt));
        Assert.NotSame(attempts[0].Ledger, attempts[1].Ledger); // the retry got a new scope
        Assert.Same(attempts[0].Prices, attempts[1].Prices);    // the singleton is shared
        Assert.All(attempts, a => Assert.False(a.LedgerDisposed));
        Assert.All(attempts, a => Assert.True(a.Ledger.Disposed));
        await host.StopAsync();
    }

    [Fact]
    public async Task A_generated_service_property_whose_service_is_not_registered_pauses_the_execution_naming_it()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        using var host = await TestHost.StartAsync(_root.Path, b => b.AddWorkflows(typeof(StockWorkflow).Assembly),
            services: s => s.AddSingleton<StockPrices>());
        var client = host.Client();

        var id = await client.StartAsync(new StockWorkflow { Item = "nuts" }, cancellationToken: timeout.Token);
        var state = await client.WaitAsync(id, s => s.Status == ExecutionStatus.Paused, timeout.Token);

        Assert.StartsWith("Step 1 (reserve) needs the service IrlExec.Hosting.Tests.StockLedger for its [Service] property Ledger, but it is not registered",
            state.FindStep(1)!.LastError);
        Assert.Equal(1, state.FindStep(1)!.Attempts); // not retried: a registration is fixed by a deploy and a resume
        await host.StopAsync();
    }

    [Fact]
    public async Task Run_options_given_to_a_start_keep_their_own_step_services()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        var own = new OwnProvider();
        IServiceProvider? seen = null;
        var workflow = Of("own-services", Step("uses", c => seen = c.Services));
        using var host = await TestHost.StartAsync(_root.Path, b => b.AddWorkflow(workflow));
        var client = host.Client();

        var id = await client.StartAsync(workflow, options: new RunOptions { StepServices = () => new StepServiceScope(own) }, cancellationToken: timeout.Token);
        await client.WaitAsync(id, s => StatusTransitions.IsTerminal(s.Status), timeout.Token);

        Assert.Same(own, seen);
        await host.StopAsync();
    }

    [Fact]
    public async Task A_runner_run_by_hand_gets_a_scope_per_attempt_from_its_own_provider()
    {
        await using var provider = new ServiceCollection().AddScoped<ScopedCounter>().BuildServiceProvider();
        var seen = new List<ScopedCounter>();
        var workflow = Of("by-hand", Step("flaky", c =>
        {
            seen.Add(c.Services!.GetRequiredService<ScopedCounter>());
            if (c.Attempt == 1) throw new IOException("once more");
        }));

        var result = await new WorkflowRunner(new InMemoryExecutionStore())
            .RunAsync(workflow, options: new RunOptions { MaxAttempts = 2, StepServices = StepServiceScopes.From(provider) });

        Assert.Equal(ExecutionStatus.CompletedSuccess, result.Status);
        Assert.Equal(2, seen.Count);
        Assert.NotSame(seen[0], seen[1]);
        Assert.All(seen, s => Assert.True(s.Disposed));
    }

    public sealed class ScopedCounter : IDisposable
    {
        public bool Disposed { get; private set; }

        public void Dispose() => Disposed = true;
    }

    public sealed class SharedCounter;

    private sealed class OwnProvider : IServiceProvider
    {
        public object? GetService(Type serviceType) => null;
    }
}
