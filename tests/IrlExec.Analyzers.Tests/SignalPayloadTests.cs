using IrlExec.Analyzers.Tests.Infrastructure;

namespace IrlExec.Analyzers.Tests;

/// <summary>
/// IRL0029 (a signal input reads only its signal's payload, and is not secret) and IRL0030 (every use of a signal agrees
/// on its payload type: other receivers, typed senders through IrlExec.Hosting, typed reads in a step).
/// </summary>
public class SignalPayloadTests
{
    // The workflow and, when asked, host code; the IrlExec.Hosting extension is declared here with the real signature
    // (the analyzer finds it by metadata name, as in a project that references IrlExec.Hosting).
    private static string Source(string approveInputs, string secondStep = "", string host = "", string readInStep = "") => $$"""
        using System.Text.Json.Serialization;
        using System.Text.Json.Serialization.Metadata;
        using IrlExec.Hosting;

        namespace Demo
        {
            public sealed record Decision(bool Approved, string Reviewer);
            public sealed record Other(string Text);

            // A stand-in for the System.Text.Json generator's output (these tests do not run it).
            [JsonSerializable(typeof(Decision))]
            [JsonSerializable(typeof(Other))]
            [JsonSerializable(typeof(int?))]
            internal sealed partial class DemoJson : JsonSerializerContext
            {
                public DemoJson() : base(null) { }
                public static DemoJson Default { get; } = new();
                protected override System.Text.Json.JsonSerializerOptions? GeneratedSerializerOptions => null;
                public override JsonTypeInfo? GetTypeInfo(Type type) => null;
                public JsonTypeInfo<Decision> Decision => null!;
                public JsonTypeInfo<Other> Other => null!;
            }

            [Workflow("demo", JsonContext = typeof(DemoJson))]
            public partial class Demo
            {
                [Variable] public required string Request { get; init; }

                [Step(1)]
                public partial class Approve : IStep
                {
                    [Input] public string Request { get; set; } = "";
        {{approveInputs}}
                    [Output] public string Outcome { get; set; } = "";

                    public ValueTask ExecuteAsync(StepContext context, CancellationToken cancellationToken)
                    {
        {{readInStep}}
                        return ValueTask.CompletedTask;
                    }
                }
        {{secondStep}}
            }

            public static class Host
            {
                public static async Task SendAsync(object client, string id)
                {
        {{host}}
                    await Task.CompletedTask;
                }
            }
        }

        namespace IrlExec.Hosting
        {
            public static class WorkflowClientExtensions
            {
                public static Task<object> SignalAsync<T>(this object client, string executionId, string name, T value, JsonTypeInfo<T> typeInfo, string? sender = null, CancellationToken cancellationToken = default) =>
                    Task.FromResult<object>(value!);
            }
        }
        """;

    private const string DecisionInput = """            [Input(Signal = "approval")] public Decision? Decision { get; set; }""";

    [Fact]
    public Task A_signal_input_with_a_json_type_is_accepted_and_reads_no_variable() =>
        // "approval" is no variable: no IRL0005 for it.
        Verify.Analyzer(Source(DecisionInput + "\n" + """            [Input(Signal = "priority")] public int? Priority { get; set; }"""));

    [Fact]
    public Task A_signal_input_that_also_names_a_variable_is_reported() =>
        Verify.Analyzer(
            Source("""            [Input("{|#0:request|}", Signal = "approval")] public Decision? Decision { get; set; }"""),
            Verify.Diagnostic("IRL0029").WithLocation(0).WithMessage(
                "Input 'Decision' of step 1 'Approve' receives signal 'approval' and also names variable 'request': a signal input is set from the signal's payload alone, which the history records as sent. Remove the variable name."));

    [Fact]
    public Task A_signal_input_with_a_template_is_reported() =>
        Verify.Analyzer(Source("""            [Input(Signal = "note", Template = {|IRL0029:"by {{request}}"|})] public string? Note { get; set; }"""));

    [Fact]
    public Task A_secret_signal_input_is_reported() =>
        Verify.Analyzer(Source("""            [Input(Signal = {|IRL0029:"api_key"|}), Secret] public string? ApiKey { get; set; }"""));

    [Fact]
    public Task A_signal_name_that_is_not_snake_case_is_IRL0021() =>
        Verify.Analyzer(Source("""            [Input(Signal = {|IRL0021:"Approval"|})] public Decision? Decision { get; set; }"""));

    [Fact]
    public Task A_signal_payload_type_without_json_metadata_is_IRL0027() =>
        Verify.Analyzer(Source("""            [Input(Signal = "approval")] public {|IRL0027:System.Uri?|} Link { get; set; }"""));

    private const string SecondStepTakingString = """
                [Step(2)]
                public partial class Confirm : IStep
                {
                    [Input(Signal = "approval")] public {|#0:string?|} Decision { get; set; }
                    public ValueTask ExecuteAsync(StepContext context, CancellationToken cancellationToken) => ValueTask.CompletedTask;
                }
        """;

    [Fact]
    public Task Two_inputs_that_receive_one_signal_as_different_types_are_reported() =>
        Verify.Analyzer(
            Source(DecisionInput, SecondStepTakingString),
            Verify.Diagnostic("IRL0030").WithLocation(0).WithMessage(
                "Input 'Decision' of step 2 'Confirm' receives signal 'approval' as 'string?', but input 'Decision' of step 1 'Approve' receives it as 'Demo.Decision?': the payload would fail to read when the step runs. Use 'Demo.Decision?' here, or change the input."));

    [Fact]
    public Task Two_inputs_that_receive_one_signal_as_T_and_nullable_T_agree() =>
        Verify.Analyzer(Source(DecisionInput, SecondStepTakingString.Replace("{|#0:string?|}", "Decision")));

    [Fact]
    public Task A_typed_send_of_another_type_is_reported_on_the_value() =>
        Verify.Analyzer(
            Source(DecisionInput, host: """            await client.SignalAsync(id, "approval", {|#0:"yes"|}, JsonTypes.String);"""),
            Verify.Diagnostic("IRL0030").WithLocation(0).WithMessage(
                "This call sends signal 'approval' as 'string', but input 'Decision' of step 'Approve' in workflow 'Demo' receives it as 'Demo.Decision?': the payload would fail to read when the step runs. Use 'Demo.Decision?' here, or change the input."));

    [Fact]
    public Task A_typed_send_of_the_inputs_type_is_accepted() =>
        Verify.Analyzer(Source(DecisionInput, host: """            await client.SignalAsync(id, "approval", new Decision(true, "samson"), DemoJson.Default.Decision);"""));

    [Fact]
    public Task A_typed_send_of_a_signal_no_input_receives_is_not_checked() =>
        Verify.Analyzer(Source(DecisionInput, host: """            await client.SignalAsync(id, "other", "yes", JsonTypes.String);"""));

    [Fact]
    public Task A_typed_send_with_a_name_that_is_not_constant_is_not_checked() =>
        Verify.Analyzer(Source(DecisionInput, host: """            var name = id.Length > 0 ? "approval" : "x"; await client.SignalAsync(id, name, "yes", JsonTypes.String);"""));

    [Fact]
    public Task A_read_in_a_step_of_another_type_than_its_workflows_input_is_reported() =>
        Verify.Analyzer(Source(DecisionInput,
            readInStep: """                context.TryGetSignal("approval", DemoJson.Default.Other, {|IRL0030:out var other|});"""));

    [Fact]
    public Task A_read_in_a_step_of_the_inputs_type_is_accepted() =>
        Verify.Analyzer(Source(DecisionInput,
            readInStep: """                context.TryGetSignal("approval", DemoJson.Default.Decision, out var decision);"""));
}
