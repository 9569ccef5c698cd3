using System.Collections.Concurrent;
using IrlExec.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace IrlExec.Hosting.Tests;

/// <summary>A temporary root folder, deleted after the test.</summary>
public sealed class TempRoot : IDisposable
{
    public string Path { get; } = Directory.CreateTempSubdirectory("irlexec-hosting-").FullName;

    public void Dispose()
    {
        try { Directory.Delete(Path, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
    }
}

/// <summary>A step made of a delegate, for hand-written test workflows.</summary>
public sealed class DelegateStep(Func<StepContext, CancellationToken, Task> body) : IStep
{
    public async ValueTask ExecuteAsync(StepContext context, CancellationToken cancellationToken) => await body(context, cancellationToken);
}

/// <summary>Hand-written workflows whose steps count how often they ran.</summary>
public static class Workflows
{
    public static readonly ConcurrentDictionary<string, int> Runs = new();

    public static int RunsOf(string executionId, int step) => Runs.GetValueOrDefault(executionId + "/" + step);

    public static WorkflowDefinition Of(string name, params (string Name, Func<StepContext, CancellationToken, Task> Body, string[] Signals)[] steps)
    {
        var plans = steps.Select((s, i) => new StepPlan
        {
            Order = i + 1,
            Name = s.Name,
            Signals = s.Signals.Length == 0 ? null : s.Signals.Select(n => new StepSignalPlan { Name = n }).ToList(),
        }).ToList();
        return new WorkflowDefinition(new WorkflowPlan { Name = name, Steps = plans },
            steps.Select((s, i) => StepDefinition.Create(plans[i], () => new DelegateStep(async (c, t) =>
            {
                await s.Body(c, t);
                Runs.AddOrUpdate(c.ExecutionId + "/" + c.Step.Order, 1, (_, n) => n + 1);
            }))).ToList());
    }

    public static (string, Func<StepContext, CancellationToken, Task>, string[]) Step(string name, Action<StepContext>? body = null, params string[] signals) =>
        (name, (c, _) => { body?.Invoke(c); return Task.CompletedTask; }, signals);

    public static (string, Func<StepContext, CancellationToken, Task>, string[]) AsyncStep(string name, Func<StepContext, CancellationToken, Task> body) =>
        (name, body, []);
}

/// <summary>Builds and starts a real generic host with IrlExec and its worker on a root.</summary>
public static class TestHost
{
    public static async Task<IHost> StartAsync(string root, Action<IrlExecBuilder> workflows, TimeSpan? shutdownTimeout = null, Action<ILoggingBuilder>? logging = null, bool start = true, Action<IServiceCollection>? services = null,
        Action<IrlExecOptions>? configure = null)
    {
        var builder = Host.CreateApplicationBuilder();
        services?.Invoke(builder.Services);
        builder.Logging.ClearProviders();
        logging?.Invoke(builder.Logging);
        builder.Services.Configure<HostOptions>(o => o.ShutdownTimeout = shutdownTimeout ?? TimeSpan.FromSeconds(10));
        workflows(builder.Services.AddIrlExec(o =>
        {
            o.Root = root;
            o.PollInterval = TimeSpan.FromMilliseconds(100);
            configure?.Invoke(o);
        }));
        var host = builder.Build();
        if (start) await host.StartAsync();
        return host;
    }

    public static IWorkflowClient Client(this IHost host) => host.Services.GetRequiredService<IWorkflowClient>();
}
