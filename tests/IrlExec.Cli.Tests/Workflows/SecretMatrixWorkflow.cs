using System.Text.Json;
using System.Text.Json.Serialization;

// This workflow leaks its secret on purpose, through every StepContext member: the analyzer rightly reports it.
#pragma warning disable IRL0017

namespace IrlExec.Cli.Tests.Workflows;

/// <summary>A user's JSON contract as many write it: readable text, indented.</summary>
[JsonSourceGenerationOptions(WriteIndented = true)]
[JsonSerializable(typeof(Dictionary<string, string>))]
internal sealed partial class SecretMatrixJson : JsonSerializerContext;

/// <summary>
/// A workflow built by the real generator into this test assembly, which the tests give irlexec with --assembly: step 1
/// passes the secret api_key on through every StepContext member and output kind (and throws on its first attempt);
/// step 2 renders a template over a copy and pauses until approved_by is given on resume; step 3 fails for good.
/// </summary>
[Workflow("secret-matrix", Goal = "Rotate the credentials of {{label}}", JsonContext = typeof(SecretMatrixJson))]
public partial class SecretMatrixWorkflow
{
    /// <summary>The secret.</summary>
    [Variable, Secret] public required string ApiKey { get; init; }

    /// <summary>A plain variable.</summary>
    [Variable] public required string Label { get; init; }

    /// <summary>Passes the secret on everywhere.</summary>
    [Step(1, Component = "matrix.leak", Tool = "Bash", MaxAttempts = 2)]
    public partial class Leak : IStep
    {
        [Input, Secret] public string ApiKey { get; set; } = "";
        [Output] public string Copy { get; set; } = "";
        [Output] public Dictionary<string, string> Details { get; set; } = [];
        [Output, Secret] public string Token { get; set; } = "";

        public ValueTask ExecuteAsync(StepContext context, CancellationToken cancellationToken)
        {
            context.Log("using key " + ApiKey);
            context.Log(ExecutionLogLevel.Warn, "request " + JsonSerializer.Serialize(new Dictionary<string, string> { ["key"] = ApiKey }, SecretMatrixJson.Default.DictionaryStringString));
            context.RecordToolCall("tool-" + ApiKey, "--token " + ApiKey, "issued " + ApiKey);
            context.RecordMessage(ApiKey, "my key is " + ApiKey);
            context.RecordStateChange("wrote ~/.netrc with " + ApiKey);
            if (context.Attempt == 1) throw new InvalidOperationException("rejected key " + ApiKey);
            Copy = "copy of " + ApiKey;
            Details = new() { ["note"] = "holds " + ApiKey, ["key " + ApiKey] = "as a name" };
            Token = "token-" + string.Concat(ApiKey.EnumerateRunes().Reverse());
            context.Log("issued " + Token);
            return ValueTask.CompletedTask;
        }
    }

    /// <summary>Renders a template over the copy; pauses until approved.</summary>
    [Step(2, Component = "matrix.approve")]
    public partial class Approve : IStep
    {
        [Input(Template = "copied: {{copy}}")] public string Copied { get; set; } = "";
        [Input] public string Label { get; set; } = "";
        [Output] public string ApprovedBy { get; set; } = "";

        public ValueTask ExecuteAsync(StepContext context, CancellationToken cancellationToken)
        {
            context.Log("rendered " + Copied);
            if (!context.Variables.Contains("approved_by"))
            {
                context.Pause("waiting for approval of " + context.Variables.GetString("api_key"));
                return ValueTask.CompletedTask;
            }
            ApprovedBy = context.Variables.GetString("approved_by");
            return ValueTask.CompletedTask;
        }
    }

    /// <summary>Fails for good, with the secret in its reason.</summary>
    [Step(3, Component = "matrix.finish")]
    public partial class Finish : IStep
    {
        [Input, Secret] public string ApiKey { get; set; } = "";
        [Input, Secret] public string Token { get; set; } = "";

        public ValueTask ExecuteAsync(StepContext context, CancellationToken cancellationToken)
        {
            context.Fail("cannot finish with " + ApiKey + " and " + Token);
            return ValueTask.CompletedTask;
        }
    }
}
