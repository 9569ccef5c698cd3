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

/// <summary>A generated workflow that pauses until a human sets <c>approved_by</c> (typed state and typed resume).</summary>
[Workflow("reviewed", Goal = "Review {{document}}")]
public partial class ReviewWorkflow
{
    [Variable] public required string Document { get; init; }
    [Variable("approved_by")] public string? Approver { get; init; }

    [Step(1, Name = "review")]
    public partial class Review : IStep
    {
        [Input] public string Document { get; set; } = "";
        [Input("approved_by")] public string? Approver { get; set; }
        [Output] public string Verdict { get; set; } = "";
        [Output] public int Pages { get; set; }

        public ValueTask ExecuteAsync(StepContext context, CancellationToken cancellationToken)
        {
            if (Approver is null)
            {
                context.Pause("waiting for a reviewer");
                return ValueTask.CompletedTask;
            }
            Verdict = $"{Document} approved by {Approver}";
            Pages = Document.Length;
            return ValueTask.CompletedTask;
        }
    }
}

/// <summary>A generated workflow whose step receives the "approval" signal's payload as a typed input.</summary>
[Workflow("typed-sign-off")]
public partial class TypedSignOffWorkflow
{
    [Step(1, Name = "sign-off")]
    public partial class SignOff : IStep
    {
        [Input(Signal = "approval")] public string? ApprovedBy { get; set; }
        [Output] public string SignedBy { get; set; } = "";

        public ValueTask ExecuteAsync(StepContext context, CancellationToken cancellationToken)
        {
            if (ApprovedBy is null)
            {
                context.WaitForSignal("approval", "waiting for a typed sign-off");
                return ValueTask.CompletedTask;
            }
            SignedBy = ApprovedBy;
            return ValueTask.CompletedTask;
        }
    }
}
