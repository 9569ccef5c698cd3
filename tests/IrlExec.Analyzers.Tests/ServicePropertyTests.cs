using IrlExec.Analyzers.Tests.Infrastructure;

namespace IrlExec.Analyzers.Tests;

/// <summary>IRL0031: a [Service] property is one the generated binding can set from the attempt's services.</summary>
public class ServicePropertyTests
{
    private static string Workflow(string properties) => $$"""
        namespace Demo;

        public interface IMailer { }

        [Workflow("demo")]
        public partial class Demo
        {
            [Step(1)]
            public partial class Notify : IStep
            {
        {{properties}}
                public ValueTask ExecuteAsync(StepContext context, CancellationToken cancellationToken) => ValueTask.CompletedTask;
            }
        }
        """;

    [Theory]
    [InlineData("[Service] public IMailer Mailer { get; set; } = null!;")]
    [InlineData("[Service] public IMailer Mailer { get; init; } = null!;")]
    [InlineData("[Service] internal IMailer? Mailer { get; set; }")]
    [InlineData("[Service] public System.Net.Http.HttpClient Client { get; init; } = null!;")]
    [InlineData("[Service] public Func<int> Next { get; set; } = null!;")]
    public Task A_settable_instance_property_of_a_class_interface_or_delegate_type_is_not_reported(string property) =>
        Verify.Analyzer(Workflow("        " + property));

    [Fact]
    public async Task A_static_property_is_reported_with_the_reason_and_the_fix()
    {
        await Verify.Analyzer(Workflow("        [{|#0:Service|}] public static IMailer Mailer { get; set; } = null!;"),
            Verify.Diagnostic("IRL0031").WithLocation(0).WithMessage(
                "[Service] property 'Mailer' cannot be set by the generated binding: it is static. Make it an instance property: each step attempt gets its own services."));
    }

    [Theory]
    [InlineData("public IMailer Mailer { get; } = null!;", "it has no public or internal setter")]
    [InlineData("public IMailer Mailer { get; private set; } = null!;", "it has no public or internal setter")]
    [InlineData("public int Port { get; set; }", "its type 'int' is not a class or an interface")]
    [InlineData("public DateTimeOffset When { get; set; }", "its type 'DateTimeOffset' is not a class or an interface")]
    public async Task A_property_the_binding_cannot_set_is_reported_with_its_reason(string property, string reason)
    {
        await Verify.Analyzer(Workflow("        [{|#0:Service|}] " + property),
            Verify.Diagnostic("IRL0031").WithLocation(0).WithArguments(property.Split(' ')[2], reason, Fix(reason)));
    }

    [Fact]
    public async Task A_service_that_is_also_an_output_is_reported()
    {
        await Verify.Analyzer(Workflow("        [{|#0:Service|}, Output] public string Mailer { get; set; } = \"\";"),
            Verify.Diagnostic("IRL0031").WithLocation(0).WithArguments("Mailer", "it is also an [Input] or [Output]",
                "Remove [Input]/[Output]: a property is either bound from variables or resolved as a service"));
    }

    [Fact]
    public Task A_service_property_outside_a_step_class_is_reported() =>
        Verify.Analyzer("""
            namespace Demo;

            public sealed class Helper
            {
                [{|IRL0031:Service|}] public IServiceProvider Services { get; set; } = null!;
            }
            """);

    private static string Fix(string reason) => reason.StartsWith("its type", StringComparison.Ordinal)
        ? "Register and inject a class or an interface, or pass the value as an [Input]"
        : "Give it a public or internal set or init accessor";
}
