namespace IrlExec.Hosting.Tests;

/// <summary>A generated workflow, so that the test assembly has a catalog for AddWorkflows.</summary>
[Workflow("hello", Goal = "Greet {{name}}")]
public partial class GreetingWorkflow
{
    [Variable] public required string Name { get; init; }

    [Step(1, Name = "greet")]
    public partial class Greet : IStep
    {
        [Input] public string Name { get; set; } = "";
        [Output] public string Greeting { get; set; } = "";

        public ValueTask ExecuteAsync(StepContext context, CancellationToken cancellationToken)
        {
            Greeting = "Hello, " + Name;
            return ValueTask.CompletedTask;
        }
    }
}

/// <summary>A generated workflow whose step waits for the "approval" signal.</summary>
[Workflow("signed-off")]
public partial class SignOffWorkflow
{
    [Step(1, Name = "sign-off", Signal = "approval")]
    public partial class SignOff : IStep
    {
        [Output] public string SignedBy { get; set; } = "";

        public ValueTask ExecuteAsync(StepContext context, CancellationToken cancellationToken)
        {
            if (context.WaitForSignal("approval", "waiting for a sign-off")) return ValueTask.CompletedTask;
            context.TryGetSignal("approval", JsonTypes.String, out var by);
            SignedBy = by;
            return ValueTask.CompletedTask;
        }
    }
}
