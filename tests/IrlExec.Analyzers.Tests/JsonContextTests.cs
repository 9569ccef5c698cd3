using IrlExec.Analyzers.Tests.Infrastructure;

namespace IrlExec.Analyzers.Tests;

/// <summary>
/// IRL0027: a variable, input or output type that comes from the workflow's JsonContext must be one of the context's
/// [JsonSerializable] types, or reachable from one as System.Text.Json's generator reaches types (members, elements,
/// Nullable, derived types). These compilations do not run System.Text.Json's generator: the contexts implement its
/// abstract members by hand and carry the attributes it reads.
/// </summary>
public class JsonContextTests
{
    private const string Types = """
        namespace Demo
        {
            public sealed record Incident(string Id, Severity Level, Detail? Detail, Dictionary<string, Tag> Tags, int? Score);
            public enum Severity { Low, High }
            public sealed class Detail { public string Note { get; set; } = ""; public Owner[] Owners { get; set; } = []; }
            public sealed record Owner(string Name);
            public sealed record Tag(string Name);
            [System.Text.Json.Serialization.JsonDerivedType(typeof(EmailNotice))]
            public abstract record Notice(string To);
            public sealed record EmailNotice(string To, string Subject) : Notice(To);
            public sealed record Summary(int Count);
        }
        """;

    private static string Context(string attributes, string name = "DemoJson", string extra = "") => $$"""
        namespace Demo
        {
        {{attributes}}
            public sealed partial class {{name}} : System.Text.Json.Serialization.JsonSerializerContext
            {
                public {{name}}() : base(null) { }
                public static {{name}} Default { get; } = new();
                protected override System.Text.Json.JsonSerializerOptions? GeneratedSerializerOptions => null;
                public override System.Text.Json.Serialization.Metadata.JsonTypeInfo? GetTypeInfo(Type type) => null;
            }
        {{extra}}
        }
        """;

    private static string Workflow(string members, string context = "DemoJson") => $$"""
        namespace Demo
        {
            [Workflow("demo", JsonContext = typeof({{context}}))]
            public partial class Demo
            {
                [Step(1)]
                public partial class Only : IStep
                {
        {{members}}
                    public ValueTask ExecuteAsync(StepContext context, CancellationToken cancellationToken) => ValueTask.CompletedTask;
                }
            }
        }
        """;

    [Fact]
    public Task An_output_type_the_context_does_not_declare_is_reported_on_the_type() =>
        Verify.Analyzer(
            Workflow("            [Output] public {|#0:Summary|} Summary { get; set; } = new(0);") +
            Context("    [System.Text.Json.Serialization.JsonSerializable(typeof(List<Incident>))]") + Types,
            Verify.Diagnostic("IRL0027").WithLocation(0).WithMessage(
            "Output 'Summary' of step 'Only' has type 'Demo.Summary', for which JsonContext 'DemoJson' has no metadata: the step would run, then fail when its value is saved. Add [JsonSerializable(typeof(Demo.Summary))] to 'DemoJson'."));

    [Fact]
    public Task Types_reachable_from_a_declared_type_are_accepted() =>
        Verify.Analyzer(
            Workflow("""
                        [Output] public List<Incident> Incidents { get; set; } = [];
                        [Output] public Incident? First { get; set; }
                        [Output] public Severity Level { get; set; }
                        [Output] public Detail Detail { get; set; } = new();
                        [Output] public Owner[] Owners { get; set; } = [];
                        [Output] public Dictionary<string, Tag> Tags { get; set; } = [];
                        [Output] public int? Score { get; set; }
                        [Output] public Notice? Notice { get; set; }
                        [Output] public EmailNotice? Email { get; set; }
                """) +
            Context("""
                    [System.Text.Json.Serialization.JsonSerializable(typeof(List<Incident>))]
                    [System.Text.Json.Serialization.JsonSerializable(typeof(Notice))]
                """) + Types);

    [Theory]
    [InlineData("Incident[]")]
    [InlineData("IReadOnlyList<Incident>")]
    [InlineData("Severity?")]
    [InlineData("bool?")]
    public Task Types_System_Text_Json_does_not_reach_are_reported(string type) =>
        // Checked against the real generator: an array, another collection interface, Nullable<T> of a type used only
        // as T, and a primitive no member uses all give GetTypeInfo(...) == null.
        Verify.Analyzer(
            Workflow($"            [Output] public {{|IRL0027:{type}|}} Value {{ get; set; }} = default!;") +
            Context("    [System.Text.Json.Serialization.JsonSerializable(typeof(List<Incident>))]") + Types);

    [Fact]
    public Task Attributes_in_another_partial_part_of_the_context_count() =>
        Verify.Analyzer(
            Workflow("            [Output] public Summary Summary { get; set; } = new(0);") +
            Context("    [System.Text.Json.Serialization.JsonSerializable(typeof(List<Incident>))]",
                extra: "    [System.Text.Json.Serialization.JsonSerializable(typeof(Summary))] public sealed partial class DemoJson;") + Types);

    [Fact]
    public Task Variables_and_inputs_are_checked_too() =>
        Verify.Analyzer("""
            namespace Demo
            {
                [Workflow("demo", JsonContext = typeof(DemoJson))]
                public partial class Demo
                {
                    [Variable] public required {|IRL0027:Summary|} Expected { get; init; }

                    [Step(1)]
                    public partial class Only : IStep
                    {
                        [Input] public {|IRL0027:Summary|} Expected { get; set; } = new(0);
                        public ValueTask ExecuteAsync(StepContext context, CancellationToken cancellationToken) => ValueTask.CompletedTask;
                    }
                }
            }
            """ + Context("    [System.Text.Json.Serialization.JsonSerializable(typeof(Incident))]") + Types);

    [Fact]
    public Task Built_in_types_never_come_from_the_context() =>
        Verify.Analyzer(
            Workflow("""
                        [Output] public string Text { get; set; } = "";
                        [Output] public int Count { get; set; }
                        [Output] public List<string> Names { get; set; } = [];
                        [Output] public DateTimeOffset At { get; set; }
                """) +
            Context("    [System.Text.Json.Serialization.JsonSerializable(typeof(Incident))]") + Types);

    [Fact]
    public Task A_context_without_JsonSerializable_attributes_is_not_judged() =>
        // Hand-written (or filled from elsewhere): what it serves cannot be known at compile time.
        Verify.Analyzer(Workflow("            [Output] public Summary Summary { get; set; } = new(0);") + Context("") + Types);
}
