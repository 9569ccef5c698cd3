using IrlExec.Analyzers.Tests.Infrastructure;

namespace IrlExec.Analyzers.Tests;

/// <summary>
/// [StepLog] methods: IRL0032 a placeholder without a parameter, IRL0033 a parameter without a placeholder, IRL0034 a
/// method the generator cannot write, and IRL0017 a [Secret] value passed to one.
/// </summary>
public class StepLogTests
{
    // A step of a workflow with a secret variable and a secret input; `members` go in the step.
    private static string Step(string members, string body = "") => $$"""
        namespace Demo;

        [Workflow("triage")]
        public partial class Triage
        {
            [Variable] public string Integration { get; init; } = "";
            [Variable("api_token"), Secret] public string Token { get; init; } = "";

            [Step(1)]
            public partial class Analyze : IStep
            {
                [Input] public string Integration { get; set; } = "";
                [Input("api_token"), Secret] public string Token { get; set; } = "";

                public ValueTask ExecuteAsync(StepContext context, CancellationToken cancellationToken)
                {
        {{body}}
                    return ValueTask.CompletedTask;
                }

        {{members}}
            }
        }
        """;

    [Fact]
    public Task A_log_method_whose_placeholders_and_parameters_match_is_not_reported() =>
        Verify.Analyzer(Step("""
                    [StepLog(ExecutionLogLevel.Info, "Analyzing incident {IncidentId} in {integration} ({Count,4:D3})")]
                    private static partial void LogAnalyzing(StepContext context, string incidentId, string integration, int count);
            """, """
                    LogAnalyzing(context, "INC-1", Integration, 3);
            """));

    // IRL0032

    [Fact]
    public async Task A_placeholder_without_a_parameter_is_reported_on_the_message()
    {
        await Verify.Analyzer(Step("""
                    [StepLog(ExecutionLogLevel.Info, {|#0:"Analyzing incident {IncidentId} for {Integration}"|})]
                    static partial void LogAnalyzing(StepContext context, string incidentId);
            """),
            Verify.Diagnostic("IRL0032").WithLocation(0).WithMessage(
                "The message of log method 'LogAnalyzing' has placeholder '{Integration}', but no parameter of the method is named 'Integration' (compared ignoring case). Add a parameter 'Integration', or remove the placeholder."));
    }

    [Fact]
    public Task A_placeholder_matched_ignoring_case_is_not_reported() =>
        Verify.Analyzer(Step("""
                    [StepLog(ExecutionLogLevel.Info, "{INCIDENTID}")]
                    static partial void LogAnalyzing(StepContext context, string incidentId);
            """));

    [Fact]
    public Task The_context_parameter_does_not_answer_a_placeholder() =>
        Verify.Analyzer(Step("""
                    [StepLog(ExecutionLogLevel.Info, {|IRL0032:"In {Context}"|})]
                    static partial void LogIn(StepContext context);
            """));

    // IRL0033

    [Fact]
    public async Task A_parameter_without_a_placeholder_is_reported_on_the_parameter()
    {
        await Verify.Analyzer(Step("""
                    [StepLog(ExecutionLogLevel.Info, "Analyzing incident {IncidentId}")]
                    static partial void LogAnalyzing(StepContext context, string incidentId, int {|#0:count|});
            """, """
                    LogAnalyzing(context, "INC-1", 3);
            """),
            Verify.Diagnostic("IRL0033").WithLocation(0).WithMessage(
                "Parameter 'count' of log method 'LogAnalyzing' is not in its message: its value is neither written nor passed to ILogger. Add '{count}' to the message, or remove the parameter."));
    }

    [Fact]
    public Task A_parameter_used_by_two_placeholders_is_not_reported() =>
        Verify.Analyzer(Step("""
                    [StepLog(ExecutionLogLevel.Warn, "Cost {Amount:F2} (raw {Amount})")]
                    static partial void LogCost(StepContext context, decimal amount);
            """));

    // IRL0034

    [Theory]
    [InlineData("void {|IRL0034:LogIt|}(StepContext context, int count) { }")] // not partial
    [InlineData("partial void {|IRL0034:LogIt|}(int count);")] // no StepContext
    [InlineData("partial void {|IRL0034:LogIt|}(string context, int count);")] // first parameter not a StepContext
    [InlineData("partial void {|IRL0034:LogIt|}<T>(StepContext context, int count);")] // generic
    [InlineData("partial void {|IRL0034:LogIt|}(StepContext context, ref int count);")] // by reference
    [InlineData("partial void {|IRL0034:LogIt|}(StepContext context, params int[] count);")] // params
    public Task A_method_of_another_shape_is_reported(string declaration) =>
        Verify.Analyzer(Step($$"""
                    [StepLog(ExecutionLogLevel.Info, "Count {Count}")]
                    {{declaration}}
            """));

    [Fact]
    public async Task A_malformed_template_is_reported_with_what_is_wrong()
    {
        await Verify.Analyzer(Step("""
                    [StepLog(ExecutionLogLevel.Info, "Count {Count")]
                    partial void {|#0:LogIt|}(StepContext context, int count);
            """),
            Verify.Diagnostic("IRL0034").WithLocation(0).WithMessage(
                "Log method 'LogIt' cannot be generated: its message template is malformed: the '{' at position 6 has no closing '}' (write '{{' for a brace). Declare it 'partial void LogIt(StepContext context, ...)' in a partial type, with a message whose placeholders are '{Name}', '{Name,alignment}' or '{Name:format}'."));
    }

    [Theory]
    [InlineData("Count }")]
    [InlineData("Count {}")]
    [InlineData("Count {1st}")]
    [InlineData("Count {Count,wide}")]
    [InlineData("Count {Count:}")]
    public Task Other_malformed_templates_are_reported(string template) =>
        Verify.Analyzer(Step($$"""
                    [StepLog(ExecutionLogLevel.Info, "{{template}}")]
                    partial void {|IRL0034:LogIt|}(StepContext context, int count);
            """));

    [Fact]
    public Task Escaped_braces_are_not_placeholders() =>
        Verify.Analyzer(Step("""
                    [StepLog(ExecutionLogLevel.Info, "{{literal}} {Count}")]
                    partial void LogIt(StepContext context, int count);
            """));

    [Fact]
    public Task A_placeholder_named_like_a_property_of_every_log_event_is_reported() =>
        Verify.Analyzer(Step("""
                    [StepLog(ExecutionLogLevel.Info, "Attempt {Attempt}")]
                    partial void {|IRL0034:LogIt|}(StepContext context, int attempt);
            """));

    [Fact]
    public Task A_log_method_in_a_type_that_is_not_partial_is_reported() =>
        Verify.Analyzer("""
            public partial class Outer
            {
                public class Inner
                {
                    [StepLog(ExecutionLogLevel.Info, "Count {Count}")]
                    void {|IRL0034:LogIt|}(StepContext context, int count) { }
                }
            }
            """);

    // IRL0017 through a log method

    [Fact]
    public async Task A_secret_input_passed_to_a_log_method_is_reported()
    {
        await Verify.Analyzer(Step("""
                    [StepLog(ExecutionLogLevel.Info, "Calling with {Key}")]
                    static partial void LogCall(StepContext context, string key);
            """, """
                    LogCall(context, {|#0:Token|});
            """),
            Verify.Diagnostic("IRL0017").WithLocation(0).WithMessage(
                "Secret 'Token' is passed to log method 'LogCall': secrets must never reach logs, messages or non-secret outputs. Remove it from the call; to show that it is there, record something that does not reveal it (whether it is set, its length)."));
    }

    [Fact]
    public Task A_string_built_from_a_secret_passed_to_a_log_method_is_reported() =>
        Verify.Analyzer(Step("""
                    [StepLog(ExecutionLogLevel.Info, "Calling with {Header}")]
                    static partial void LogCall(StepContext context, string header);
            """, """
                    var header = "Bearer " + Token;
                    LogCall(context, {|IRL0017:header|});
            """));

    [Fact]
    public Task A_value_computed_from_a_secret_passed_to_a_log_method_is_not_reported() =>
        Verify.Analyzer(Step("""
                    [StepLog(ExecutionLogLevel.Info, "Token of {Length} characters for {Integration}")]
                    static partial void LogCall(StepContext context, int length, string integration);
            """, """
                    LogCall(context, Token.Length, Integration);
            """));
}
