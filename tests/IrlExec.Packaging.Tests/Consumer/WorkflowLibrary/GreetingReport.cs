using System.Text.Json.Serialization;
using IrlExec;

namespace WorkflowLibrary;

public sealed record Greeting(string Audience, string Text);

[JsonSerializable(typeof(Greeting))]
internal sealed partial class LibraryJson : JsonSerializerContext;

[Workflow("greeting-report", Goal = "Greet {{audience}}", JsonContext = typeof(LibraryJson))]
public partial class GreetingReport
{
    [Variable] public required string Audience { get; init; }
    [Variable("api_key"), Secret] public string ApiKey { get; init; } = "";

    [Step(1, Component = "greeting.compose", EstimatedCost = 0.01, EstimatedSeconds = 1)]
    public sealed partial class Compose : IStep, ISimulatedStep
    {
        [Input] public string Audience { get; set; } = "";
        [Output] public Greeting? Greeting { get; set; }

        public ValueTask ExecuteAsync(StepContext context, CancellationToken cancellationToken)
        {
            Greeting = new Greeting(Audience, "Hello, " + Audience + "!");
            return ValueTask.CompletedTask;
        }

        public ValueTask SimulateAsync(StepContext context, CancellationToken cancellationToken)
        {
            Greeting = new Greeting(Audience, "(simulated)");
            return ValueTask.CompletedTask;
        }
    }

    [Step(2, Component = "greeting.write", Tool = "Write", SideEffects = "writes workspace/greeting-<audience>.txt")]
    public sealed partial class Write : IStep, ISimulatedStep
    {
        [Input] public Greeting? Greeting { get; set; }
        [Input("api_key"), Secret] public string ApiKey { get; set; } = "";
        [Input(Template = "workspace/greeting-{{audience}}.txt")] public string Path { get; set; } = "";
        [Output] public int Characters { get; set; }

        public async ValueTask ExecuteAsync(StepContext context, CancellationToken cancellationToken)
        {
            var root = Environment.GetEnvironmentVariable("GREETING_ROOT") ?? ".";
            var file = System.IO.Path.Combine(root, Path);
            Directory.CreateDirectory(System.IO.Path.GetDirectoryName(file)!);
            await File.WriteAllTextAsync(file, Greeting!.Text, cancellationToken);
            context.RecordStateChange("created " + Path);
            Characters = Greeting.Text.Length + (ApiKey.Length > 0 ? 0 : 1000);
        }

        public ValueTask SimulateAsync(StepContext context, CancellationToken cancellationToken)
        {
            Characters = Greeting?.Text.Length ?? 0;
            return ValueTask.CompletedTask;
        }
    }
}
