using IrlExec.Tests.Support;

namespace IrlExec.Tests.Execution;

/// <summary>
/// StepContext.Services: a scope per step attempt made through RunOptions.StepServices when the attempt first asks,
/// disposed when the attempt ends; GeneratedBinding.Service/OptionalService resolve [Service] properties from it.
/// </summary>
public sealed class StepServicesTests
{
    [Fact]
    public async Task Each_attempt_gets_its_own_scope_so_a_retried_step_sees_a_new_one()
    {
        var scopes = new ScopeRecorder();
        var seen = new List<object?>();
        var workflow = TestWorkflow.Create("retry",
            StepSpec.Sync("flaky", (c, _) =>
            {
                seen.Add(c.Services!.GetService(typeof(Tracker)));
                if (c.Attempt < 3) throw new IOException("try again");
            }) with { MaxAttempts = 3 });

        var result = await new WorkflowRunner(new InMemoryExecutionStore()).RunAsync(workflow, options: new RunOptions { StepServices = scopes.Create });

        Assert.Equal(ExecutionStatus.CompletedSuccess, result.Status);
        Assert.Equal(3, scopes.Created.Count);
        Assert.Equal(3, seen.Distinct().Count());
        Assert.All(seen, s => Assert.IsType<Tracker>(s));
    }

    [Fact]
    public async Task An_attempts_scope_is_disposed_when_the_attempt_ends_before_the_next_step_starts()
    {
        var scopes = new ScopeRecorder();
        bool? firstDisposedWhenSecondRan = null;
        var workflow = TestWorkflow.Create("two",
            StepSpec.Sync("first", (c, _) => c.Services!.GetService(typeof(Tracker))),
            StepSpec.Sync("second", (c, _) =>
            {
                firstDisposedWhenSecondRan = scopes.Created[0].Disposed;
                c.Services!.GetService(typeof(Tracker));
            }));

        await new WorkflowRunner(new InMemoryExecutionStore()).RunAsync(workflow, options: new RunOptions { StepServices = scopes.Create });

        Assert.True(firstDisposedWhenSecondRan);
        Assert.Equal(2, scopes.Created.Count);
        Assert.All(scopes.Created, s => Assert.True(s.Disposed));
    }

    [Fact]
    public async Task A_scope_is_disposed_after_a_failed_attempt_and_after_a_paused_one()
    {
        var scopes = new ScopeRecorder();
        var workflow = TestWorkflow.Create("stop",
            StepSpec.Sync("fails-once", (c, _) =>
            {
                c.Services!.GetService(typeof(Tracker));
                if (c.Attempt == 1) throw new IOException("boom");
            }) with { MaxAttempts = 2 },
            StepSpec.Sync("pauses", (c, _) =>
            {
                c.Services!.GetService(typeof(Tracker));
                c.Pause("waiting");
            }));

        var result = await new WorkflowRunner(new InMemoryExecutionStore()).RunAsync(workflow, options: new RunOptions { StepServices = scopes.Create });

        Assert.Equal(ExecutionStatus.Paused, result.Status);
        Assert.Equal(3, scopes.Created.Count);
        Assert.All(scopes.Created, s => Assert.True(s.Disposed));
    }

    [Fact]
    public async Task An_asynchronously_disposable_scope_is_disposed_asynchronously()
    {
        var scopes = new ScopeRecorder();
        var workflow = TestWorkflow.Create("async", StepSpec.Sync("uses", (c, _) => c.Services!.GetService(typeof(Tracker))));

        await new WorkflowRunner(new InMemoryExecutionStore()).RunAsync(workflow, options: new RunOptions { StepServices = scopes.Create });

        Assert.True(Assert.Single(scopes.Created).DisposedAsynchronously);
    }

    [Fact]
    public async Task No_scope_is_made_for_an_attempt_that_asks_for_no_service()
    {
        var scopes = new ScopeRecorder();
        var workflow = TestWorkflow.Create("none", StepSpec.Sync("plain", (_, o) => o["done"] = "yes") with { Outputs = ["done"] });

        var result = await new WorkflowRunner(new InMemoryExecutionStore()).RunAsync(workflow, options: new RunOptions { StepServices = scopes.Create });

        Assert.Equal(ExecutionStatus.CompletedSuccess, result.Status);
        Assert.Empty(scopes.Created);
    }

    [Fact]
    public async Task A_step_asking_twice_in_one_attempt_gets_the_same_scope()
    {
        var scopes = new ScopeRecorder();
        var same = false;
        var workflow = TestWorkflow.Create("twice", StepSpec.Sync("asks", (c, _) => same = ReferenceEquals(c.Services, c.Services)));

        await new WorkflowRunner(new InMemoryExecutionStore()).RunAsync(workflow, options: new RunOptions { StepServices = scopes.Create });

        Assert.True(same);
        Assert.Single(scopes.Created);
    }

    [Fact]
    public async Task Services_is_null_when_the_run_has_none()
    {
        IServiceProvider? services = new ServiceMap();
        var workflow = TestWorkflow.Create("bare", StepSpec.Sync("asks", (c, _) => services = c.Services));

        await new WorkflowRunner(new InMemoryExecutionStore()).RunAsync(workflow);

        Assert.Null(services);
    }

    [Fact]
    public async Task Services_cannot_be_used_after_the_attempt_has_ended()
    {
        var scopes = new ScopeRecorder();
        StepContext? kept = null;
        var workflow = TestWorkflow.Create("kept", StepSpec.Sync("keeps", (c, _) => kept = c));

        await new WorkflowRunner(new InMemoryExecutionStore()).RunAsync(workflow, options: new RunOptions { StepServices = scopes.Create });

        Assert.Throws<ObjectDisposedException>(() => kept!.Services);
    }

    [Fact]
    public async Task A_scope_that_fails_to_dispose_fails_the_attempt_it_served()
    {
        var workflow = TestWorkflow.Create("bad-dispose", StepSpec.Sync("uses", (c, _) => c.Services!.GetService(typeof(Tracker))));
        var options = new RunOptions { StepServices = () => new StepServiceScope(new ServiceMap(), new ThrowingOwner()) };

        var result = await new WorkflowRunner(new InMemoryExecutionStore()).RunAsync(workflow, options: options);

        Assert.Equal(ExecutionStatus.Paused, result.Status);
        Assert.Contains("InvalidOperationException: the connection could not be closed", result.State.FindStep(1)!.LastError);
    }

    [Fact]
    public async Task A_required_service_that_is_not_registered_fails_the_step_naming_the_step_property_and_type()
    {
        var workflow = TestWorkflow.Create("missing", StepSpec.Sync("notify", (c, _) => GeneratedBinding.Service<IMailer>(c, "Mailer")) with { MaxAttempts = 3 });
        var options = new RunOptions { StepServices = () => new StepServiceScope(new ServiceMap()) };

        var result = await new WorkflowRunner(new InMemoryExecutionStore()).RunAsync(workflow, options: options);

        Assert.Equal(ExecutionStatus.Paused, result.Status);
        var step = result.State.FindStep(1)!;
        Assert.Equal(1, step.Attempts); // a missing registration is not retried: only a fix and a resume help
        Assert.Equal(
            "Step 1 (notify) needs the service IrlExec.Tests.Execution.StepServicesTests+IMailer for its [Service] property Mailer, but it is not registered: " +
            "add it to the service collection (e.g. services.AddScoped<IMailer, ...>()), or make the property nullable if the step can do without it.",
            step.LastError);
    }

    [Fact]
    public async Task A_required_service_in_a_run_without_services_fails_the_step_saying_how_to_give_them()
    {
        var workflow = TestWorkflow.Create("no-services", StepSpec.Sync("notify", (c, _) => GeneratedBinding.Service<IMailer>(c, "Mailer")));

        var result = await new WorkflowRunner(new InMemoryExecutionStore()).RunAsync(workflow);

        var error = result.State.FindStep(1)!.LastError!;
        Assert.StartsWith("Step 1 (notify) needs the service IrlExec.Tests.Execution.StepServicesTests+IMailer for its [Service] property Mailer, but the run has no services", error);
        Assert.Contains("RunOptions.StepServices", error);
    }

    [Fact]
    public async Task An_optional_service_is_null_when_not_registered_or_when_the_run_has_no_services()
    {
        var found = new List<IMailer?>();
        var workflow = TestWorkflow.Create("optional", StepSpec.Sync("notify", (c, _) => found.Add(GeneratedBinding.OptionalService<IMailer>(c))));

        await new WorkflowRunner(new InMemoryExecutionStore()).RunAsync(workflow);
        await new WorkflowRunner(new InMemoryExecutionStore()).RunAsync(workflow, options: new RunOptions { StepServices = () => new StepServiceScope(new ServiceMap()) });

        Assert.Equal([null, null], found);
    }

    [Fact]
    public async Task A_registered_service_is_returned_for_its_type()
    {
        var mailer = new Mailer();
        IMailer? required = null, optional = null;
        var workflow = TestWorkflow.Create("found", StepSpec.Sync("notify", (c, _) =>
        {
            required = GeneratedBinding.Service<IMailer>(c, "Mailer");
            optional = GeneratedBinding.OptionalService<IMailer>(c);
        }));
        var services = new ServiceMap { [typeof(IMailer)] = mailer };

        await new WorkflowRunner(new InMemoryExecutionStore()).RunAsync(workflow, options: new RunOptions { StepServices = () => new StepServiceScope(services) });

        Assert.Same(mailer, required);
        Assert.Same(mailer, optional);
    }

    [Fact]
    public async Task A_required_service_of_the_wrong_type_fails_the_step_naming_both_types()
    {
        var workflow = TestWorkflow.Create("wrong-required", StepSpec.Sync("notify", (c, _) => GeneratedBinding.Service<IMailer>(c, "Mailer")));
        var services = new ServiceMap { [typeof(IMailer)] = new Tracker() };

        var result = await new WorkflowRunner(new InMemoryExecutionStore()).RunAsync(workflow, options: new RunOptions { StepServices = () => new StepServiceScope(services) });

        Assert.Equal(
            "Step 1 (notify) needs the service IrlExec.Tests.Execution.StepServicesTests+IMailer for its [Service] property Mailer, but the provider returned a IrlExec.Tests.Execution.StepServicesTests+Tracker.",
            result.State.FindStep(1)!.LastError);
    }

    [Fact]
    public async Task An_optional_service_of_the_wrong_type_fails_the_step_instead_of_reading_as_null()
    {
        var found = new List<IMailer?>();
        var workflow = TestWorkflow.Create("wrong-optional", StepSpec.Sync("notify", (c, _) => found.Add(GeneratedBinding.OptionalService<IMailer>(c))));
        var services = new ServiceMap { [typeof(IMailer)] = new Tracker() };

        var result = await new WorkflowRunner(new InMemoryExecutionStore()).RunAsync(workflow, options: new RunOptions { StepServices = () => new StepServiceScope(services) });

        Assert.Empty(found);
        Assert.Equal(ExecutionStatus.Paused, result.Status);
        Assert.Equal(
            "Step 1 (notify) asked for the optional service IrlExec.Tests.Execution.StepServicesTests+IMailer, but the provider returned a IrlExec.Tests.Execution.StepServicesTests+Tracker: " +
            "fix that registration (an optional service is null only when it is not registered).",
            result.State.FindStep(1)!.LastError);
    }

    public interface IMailer;

    private sealed class Mailer : IMailer;

    private sealed class Tracker;

    private sealed class ServiceMap : Dictionary<Type, object>, IServiceProvider
    {
        public object? GetService(Type serviceType) => TryGetValue(serviceType, out var service) ? service : null;
    }

    // A scope per call; each makes its own Tracker (a "scoped" service) and records its disposal.
    private sealed class ScopeRecorder
    {
        public List<RecordedScope> Created { get; } = [];

        public StepServiceScope Create()
        {
            var scope = new RecordedScope();
            Created.Add(scope);
            return new StepServiceScope(scope, scope);
        }
    }

    private sealed class RecordedScope : IServiceProvider, IDisposable, IAsyncDisposable
    {
        private readonly Tracker _tracker = new();

        public bool Disposed { get; private set; }

        public bool DisposedAsynchronously { get; private set; }

        public object? GetService(Type serviceType) => serviceType == typeof(Tracker) ? _tracker : null;

        public void Dispose() => Disposed = true;

        public ValueTask DisposeAsync()
        {
            Disposed = DisposedAsynchronously = true;
            return ValueTask.CompletedTask;
        }
    }

    private sealed class ThrowingOwner : IDisposable
    {
        public void Dispose() => throw new InvalidOperationException("the connection could not be closed");
    }
}
