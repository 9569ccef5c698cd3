using IrlExec.Analyzers.Tests.Infrastructure;

namespace IrlExec.Analyzers.Tests;

/// <summary>IRL0017: a secret's text followed through the ways code builds strings, and what is not a leak.</summary>
public class SecretFlowTests
{
    private static Task Check(string body, params Microsoft.CodeAnalysis.Testing.DiagnosticResult[] expected) => Verify.Analyzer(Workflows.OneStep(
        "[Step(1)] public partial class Only : IStep",
        $$"""
                [Input("api_token"), Secret] public string Token { get; set; } = "";
                [Output] public string Header { get; set; } = "";
                [Output] public List<string> Lines { get; set; } = [];

                public void Work(StepContext context)
                {
        {{body}}
                }
        """,
        """    [Variable("api_token"), Secret] public string Token { get; init; } = "";""").Replace("namespace Demo;", "using System.Text;\nnamespace Demo;", StringComparison.Ordinal), expected);

    [Theory]
    [InlineData("""context.Log(string.Format("token {0}", {|IRL0017:Token|}));""")]
    [InlineData("""context.Log(string.Format(System.Globalization.CultureInfo.InvariantCulture, "{0} {1} {2} {3}", 1, 2, 3, {|IRL0017:Token|}));""")]
    [InlineData("""context.Log(string.Concat("Bearer ", {|IRL0017:Token|}));""")]
    [InlineData("""context.Log(String.Join(", ", "a", {|IRL0017:Token|}));""")]
    [InlineData("""context.RecordToolCall("http", string.Join(" ", new[] { "curl", "-H", {|IRL0017:Token|} }));""")]
    [InlineData("""context.Log({|IRL0017:Token|}.Trim().ToUpperInvariant());""")]
    [InlineData("""context.Log("x".Replace("x", {|IRL0017:Token|}));""")]
    [InlineData("""context.Log(new StringBuilder().Append("Bearer ").Append({|IRL0017:Token|}).ToString());""")]
    [InlineData("""context.Log(new StringBuilder({|IRL0017:Token|}).ToString());""")]
    [InlineData("""Header = $"Bearer {{|IRL0017:Token|}}";""")]
    [InlineData("""Lines = ["header", {|IRL0017:Token|}];""")]
    public Task Text_built_from_a_secret_is_followed(string body) =>
        Check("            " + body);

    [Fact]
    public Task A_builder_a_secret_was_appended_to_leaks_where_its_text_is_recorded() =>
        Check("""
                    var builder = new StringBuilder();
                    builder.Append("Authorization: ");
                    builder.AppendLine(Token);
                    context.RecordMessage("tool", {|IRL0017:builder|}.ToString());
        """);

    [Fact]
    public Task An_interpolated_append_to_a_builder_is_followed() =>
        Check("""
                    var builder = new StringBuilder();
                    builder.Append($"token={Token};");
                    context.Log({|IRL0017:builder|}.ToString());
        """);

    [Fact]
    public Task A_string_a_secret_was_added_to_with_plus_equals_is_followed() =>
        Check("""
                    var text = "Bearer ";
                    text += Token;
                    context.Log({|IRL0017:text|});
        """);

    [Fact]
    public Task An_output_assignment_is_told_to_mark_the_output_secret() =>
        Check("""            Header = string.Concat("Bearer ", {|#0:Token|});""",
            Verify.Diagnostic("IRL0017").WithLocation(0).WithMessage(
                "Secret 'Token' is assigned to output 'Header', which is not [Secret]: secrets must never reach logs, messages or non-secret outputs. Remove it, or mark the output [Secret]."));

    [Theory]
    [InlineData("""context.Log(string.Format("token of {0} characters", Token.Length));""")]
    [InlineData("""context.Log(string.Concat("set: ", (!string.IsNullOrEmpty(Token)).ToString()));""")]
    [InlineData("""context.Log(new StringBuilder().Append(Token.Length).ToString());""")]
    [InlineData("""var builder = new StringBuilder(); builder.Append(Token.Length); context.Log(builder.ToString());""")]
    [InlineData("""var builder = new StringBuilder(); builder.Append("no secret"); context.Log(builder.ToString()); _ = Token.GetHashCode();""")]
    [InlineData("""context.Log(string.Join(", ", Lines));""")]
    [InlineData("""context.Log(Token.Equals("x", StringComparison.Ordinal) ? "matches" : "differs");""")]
    public Task Values_that_do_not_carry_the_secret_text_are_not_reported(string body) =>
        Check("            " + body);
}
