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
