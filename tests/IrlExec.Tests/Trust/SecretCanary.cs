using System.Text;
using System.Text.Json;

namespace IrlExec.Tests.Trust;

/// <summary>
/// One workflow that hands its secrets to every way a step can pass a text on, for the surface-by-surface canary tests
/// (files, PostgreSQL, ILogger, OpenTelemetry, dashboard, CLI). Linked into each test project that checks a surface.
/// Step 1 reads the secret variable <c>api_key</c> through a secret input and a template input, logs it (plainly and
/// through a generated-style template with a structured value), records it in a tool call, a state change and a message,
/// throws it in its first attempt's exception, and publishes a secret output and a copy of it. Step 2 waits for the
/// signal <c>go</c> (whose payload holds a credential-looking token) and logs the secret after the resume. Step 3 fails
/// the execution with a reason that holds the secret.
/// </summary>
public static class SecretCanary
{
    public const string Name = "trust-canary";

    /// <summary>The secret variable (and secret input): JSON-, HTML- and Markdown-special characters and a non-Latin letter.</summary>
    public const string Secret = "Canary-p&ss<w>\"rd'+é|7788";

    /// <summary>A step's secret output, outside the basic plane too.</summary>
    public const string OutputSecret = "OutCanary-🔑-Ωmega|4242";

    /// <summary>Credential-looking text sent in a signal payload (masked as a credential: a payload is recorded as sent).</summary>
    public const string Credential = "sk-trustCanary0123456789";

    public static readonly string[] All = [Secret, OutputSecret, Credential];

    /// <summary>The payload of the signal <c>go</c>.</summary>
    public static string SignalPayload => JsonSerializer.Serialize(new Dictionary<string, string> { ["note"] = "approved", ["token"] = Credential });

    public static VariableStore Variables(bool resume = false)
    {
        var variables = new VariableStore();
        variables.Set("api_key", Secret, isSecret: true);
        if (!resume) variables.Set("label", "release");
        return variables;
    }

    public static WorkflowDefinition Create()
    {
        var leak = new StepPlan
        {
            Order = 1,
            Name = "leak",
            Component = "trust.leak",
            ToolMapping = "Bash",
            MaxAttempts = 2,
            Inputs =
            [
                new StepInputPlan { Name = "key", Reference = "{{api_key}}", IsSecret = true },
                new StepInputPlan { Name = "header", Reference = "X-Key: {{api_key}} for {{label}}" },
            ],
            Outputs = [new StepOutputPlan { Name = "token", IsSecret = true }, new StepOutputPlan { Name = "copy" }],
        };
        var wait = new StepPlan
        {
            Order = 2,
            Name = "wait",
            Component = "trust.wait",
            Inputs = [new StepInputPlan { Name = "key", Reference = "{{api_key}}", IsSecret = true }],
            Signals = [new StepSignalPlan { Name = "go" }],
        };
        var finish = new StepPlan
        {
            Order = 3,
            Name = "finish",
            Component = "trust.finish",
            Inputs = [new StepInputPlan { Name = "key", Reference = "{{api_key}}", IsSecret = true }],
        };
        var plan = new WorkflowPlan
        {
            Name = Name,
            Goal = "Deploy {{label}}",
            Variables = [new VariablePlan { Name = "api_key", IsSecret = true, IsRequired = true }, new VariablePlan { Name = "label" }],
            Steps = [leak, wait, finish],
        };
        return new WorkflowDefinition(plan,
        [
            StepDefinition.Create(leak, () => new CanaryStep(Leak), publishOutputs: (step, outputs) =>
            {
                if (step.Token is not null) outputs.Set("token", step.Token, isSecret: true);
                if (step.Copy is not null) outputs.Set("copy", step.Copy);
            }),
            StepDefinition.Create(wait, () => new CanaryStep((c, _) =>
            {
                if (c.WaitForSignal("go", "waiting for a go")) return;
                c.Log("go received; key still " + c.Variables.GetString("api_key"));
            })),
            StepDefinition.Create(finish, () => new CanaryStep((c, _) =>
            {
                var key = c.Variables.GetString("api_key");
                c.Log(ExecutionLogLevel.Error, "refused: " + key);
                c.Fail("cannot use " + key);
            })),
        ]);
    }

    private static void Leak(StepContext c, CanaryStep step)
    {
        var key = c.Variables.GetString("api_key");
        c.Log("using key " + key);
        c.Log(ExecutionLogLevel.Warn, "header " + c.Variables.Render("X-Key: {{api_key}}"));
        c.Log(ExecutionLogLevel.Info, "key is " + key, "key is {Key}", [new NamedValue("Key", key)]);
        c.RecordToolCall("curl", "--token " + key, "issued " + key);
        c.RecordToolCall("http", JsonSerializer.Serialize(new Dictionary<string, string> { ["token"] = key }));
        c.RecordStateChange("wrote ~/.netrc with " + key);
        c.RecordMessage("user", "my key is " + key);
        c.RecordMessage("assistant", Convert.ToBase64String(Encoding.UTF8.GetBytes("not a secret form")));
        if (c.Attempt == 1) throw new InvalidOperationException("rejected key " + key);
        step.Token = OutputSecret;
        step.Copy = "copy of " + OutputSecret;
        c.Log("issued token " + OutputSecret);
    }

    public sealed class CanaryStep(Action<StepContext, CanaryStep> body) : IStep
    {
        public string? Token { get; set; }

        public string? Copy { get; set; }

        public ValueTask ExecuteAsync(StepContext context, CancellationToken cancellationToken)
        {
            body(context, this);
            return ValueTask.CompletedTask;
        }
    }

    /// <summary>
    /// Where <paramref name="text"/> holds a canary: every spelling <see cref="Support.SecretScan"/> knows, plus its UTF-8
    /// base64 (a writer that stores bytes as base64) and hex (a bytea shown as text).
    /// </summary>
    public static List<string> Find(string where, string? text)
    {
        var found = new List<string>();
        if (string.IsNullOrEmpty(text)) return found;
        foreach (var secret in All)
        {
            found.AddRange(Support.SecretScan.InText(secret, where, text));
            var bytes = Encoding.UTF8.GetBytes(secret);
            if (text.Contains(Convert.ToBase64String(bytes), StringComparison.Ordinal)) found.Add($"{where}: base64 of {secret}");
            if (text.Contains(Convert.ToHexString(bytes), StringComparison.OrdinalIgnoreCase)) found.Add($"{where}: hex of {secret}");
        }
        return found;
    }
}
