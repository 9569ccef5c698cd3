using IrlExec.Generators.Parsing;
using IrlExec.Generators.Tests.Binding;
using IrlExec.Generators.Tests.Infrastructure;
using Microsoft.CodeAnalysis;

namespace IrlExec.Generators.Tests;

/// <summary>
/// <c>[Service]</c> properties: the generated binding sets them from the attempt's services (StepContext.Services)
/// without reflection, required ones with an error naming step, property and type, nullable ones left null.
/// </summary>
public sealed class ServiceBindingTests
{
    private static ServiceBound Request() => new() { Name = "ada" };

    [Fact]
    public async Task Required_services_are_set_from_the_attempts_services_before_the_step_runs()
    {
        var services = new Services { [typeof(IGreeter)] = new Greeter() };

        var result = await ServiceBound.RunAsync(new WorkflowRunner(new InMemoryExecutionStore()), Request(), Options(services));

        Assert.True(result.Succeeded, result.Reason);
        var state = ServiceBound.State.From(result.State);
        Assert.Equal("Hello, ada", state.Greeting);
        Assert.Equal("recorded Hello, ada", state.Recorded);
    }

    [Fact]
    public async Task An_optional_service_is_set_when_registered_and_left_null_when_not()
    {
        var audit = new Audit();
        var with = new Services { [typeof(IGreeter)] = new Greeter(), [typeof(IAuditTrail)] = audit };
        var without = new Services { [typeof(IGreeter)] = new Greeter() };

        var audited = await ServiceBound.RunAsync(new WorkflowRunner(new InMemoryExecutionStore()), Request(), Options(with));
        var unaudited = await ServiceBound.RunAsync(new WorkflowRunner(new InMemoryExecutionStore()), Request(), Options(without));

        Assert.True(audited.Succeeded, audited.Reason);
        Assert.True(unaudited.Succeeded, unaudited.Reason);
        Assert.Equal(["Hello, ada"], audit.Entries);
    }

    [Fact]
    public async Task A_required_service_that_is_not_registered_pauses_the_execution_with_an_error_naming_step_property_and_type()
    {
        var result = await ServiceBound.RunAsync(new WorkflowRunner(new InMemoryExecutionStore()), Request(), Options(new Services()));

        Assert.Equal("Paused", result.Status.ToString());
        var error = result.State.FindStep(1)!.LastError!;
        Assert.StartsWith("Step 1 (greet) needs the service IrlExec.Generators.Tests.Binding.IGreeter for its [Service] property Greeter, but it is not registered", error);
    }

    [Fact]
    public async Task Simulation_resolves_services_only_for_steps_it_calls()
    {
        // Step 1 has no SimulateAsync and does not declare itself free of side effects: not called, so it asks for neither of its services (the provider
        // counts what it is asked). Step 2 simulates with its own method, so it gets its service.
        var services = new Services { [typeof(IGreeter)] = new Greeter() };

        var result = await ServiceBound.SimulateAsync(new WorkflowRunner(new InMemoryExecutionStore()), Request(), Options(services));

        Assert.True(result.Succeeded, result.Reason);
        Assert.Equal("would record for Hello, simulation", ServiceBound.State.From(result.State).Recorded);
        Assert.Equal([typeof(IGreeter)], services.Asked);
    }

    [Fact]
    public void Workflow_with_service_properties_matches_snapshot_and_compiles_cleanly()
    {
        var (result, output) = GeneratorHarness.Run(Source);

        var generated = result.GeneratedSources.Single(s => s.HintName == "Demo.Mail.Newsletter.g.cs");
        Snapshot.Verify(nameof(Workflow_with_service_properties_matches_snapshot_and_compiles_cleanly), generated.HintName, generated.SourceText.ToString());
        GeneratorHarness.AssertCompilesCleanly(output);
    }

    [Theory]
    [InlineData("[Service] public static IMailer Shared { get; set; } = null!;")]
    [InlineData("[Service] public IMailer Mailer { get; private set; } = null!;")]
    [InlineData("[Service] public IMailer Mailer { get; } = null!;")]
    [InlineData("[Service] public int Port { get; set; }")]
    [InlineData("[Service, Input] public string Mailer { get; set; } = \"\";")]
    public void A_service_property_the_generated_code_cannot_set_gets_only_the_stub(string property)
    {
        var source = Source.Replace("[Service] public IMailer Mailer { get; init; } = null!;", property);

        var model = ParseOnly(source);

        Assert.NotNull(model);
        Assert.True(model.IsStub);
    }

    [Fact]
    public void The_model_lists_each_service_property_with_its_type_and_whether_it_is_optional()
    {
        var model = ParseOnly(Source)!;

        var services = model.Steps[0].Services;
        Assert.Equal(["Mailer", "Clock"], services.Select(s => s.PropertyName));
        Assert.Equal(["global::Demo.Mail.IMailer", "global::System.TimeProvider"], services.Select(s => s.TypeName));
        Assert.Equal([false, true], services.Select(s => s.IsOptional));
    }

    private static Model.WorkflowModel? ParseOnly(string source)
    {
        var compilation = GeneratorHarness.Compile(source);
        var models = Parser.ParseAll(["Demo.Mail.Newsletter"], Declarations.DeclarationsVersion.Of(compilation), CancellationToken.None);
        return models.Count == 0 ? null : models[0];
    }

    private static RunOptions Options(Services services) => new() { StepServices = () => new StepServiceScope(services) };

    private const string Source = """
        using System;
        using System.Threading;
        using System.Threading.Tasks;
        using IrlExec;

        namespace Demo.Mail;

        public interface IMailer { void Send(string to, string text); }

        [Workflow("newsletter")]
        public partial class Newsletter
        {
            [Variable] public required string Audience { get; init; }

            [Step(1, SideEffects = "sends mail")]
            public partial class Send : IStep
            {
                [Input] public string Audience { get; set; } = "";
                [Service] public IMailer Mailer { get; init; } = null!;
                [Service] public TimeProvider? Clock { get; set; }
                [Output] public int Sent { get; set; }

                public ValueTask ExecuteAsync(StepContext context, CancellationToken cancellationToken)
                {
                    Mailer.Send(Audience, "news of " + (Clock ?? TimeProvider.System).GetUtcNow().ToString("O"));
                    Sent = 1;
                    return default;
                }
            }

            [Step(2, SideEffects = "none")]
            public partial class Report : IStep
            {
                [Service] public IMailer Mailer { get; set; } = null!;

                public ValueTask ExecuteAsync(StepContext context, CancellationToken cancellationToken) => default;
            }
        }
        """;

    private sealed class Services : Dictionary<Type, object>, IServiceProvider
    {
        public List<Type> Asked { get; } = [];

        public object? GetService(Type serviceType)
        {
            Asked.Add(serviceType);
            return TryGetValue(serviceType, out var service) ? service : null;
        }
    }

    private sealed class Greeter : IGreeter
    {
        public string Greet(string name) => "Hello, " + name;
    }

    private sealed class Audit : IAuditTrail
    {
        public List<string> Entries { get; } = [];

        public void Add(string entry) => Entries.Add(entry);
    }
}
