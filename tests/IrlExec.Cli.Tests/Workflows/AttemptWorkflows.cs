namespace IrlExec.Cli.Tests.Workflows;

/// <summary>A step that throws on its first two attempts and succeeds on its third; then a plain step.</summary>
[Workflow("third-time-lucky", Goal = "Succeed on the third attempt")]
public partial class ThirdTimeLuckyWorkflow
{
    /// <summary>Throws until its third attempt.</summary>
    [Step(1)]
    public partial class Flaky : IStep
    {
        public ValueTask ExecuteAsync(StepContext context, CancellationToken cancellationToken) =>
            context.Attempt < 3 ? throw new InvalidOperationException("attempt " + context.Attempt + " refused") : ValueTask.CompletedTask;
    }

    /// <summary>Does nothing.</summary>
    [Step(2)]
    public partial class Done : IStep
    {
        public ValueTask ExecuteAsync(StepContext context, CancellationToken cancellationToken) => ValueTask.CompletedTask;
    }
}

/// <summary>
/// A step that stops its own process (exit code 70) when the file <c>die-once</c> is in the root, deleting it first:
/// a real process death in the middle of a step, once.
/// </summary>
[Workflow("dies-once", Goal = "Stop the process once")]
public partial class DiesOnceWorkflow
{
    /// <summary>The root folder (irlexec sets it to --root).</summary>
    [Variable] public required string Root { get; init; }

    /// <summary>Stops the process when asked to by the file.</summary>
    [Step(1)]
    public partial class MaybeDie : IStep
    {
        [Input] public string Root { get; set; } = "";

        public ValueTask ExecuteAsync(StepContext context, CancellationToken cancellationToken)
        {
            var marker = Path.Combine(Root, "die-once");
            if (File.Exists(marker))
            {
                File.Delete(marker);
                Environment.Exit(70);
            }
            return ValueTask.CompletedTask;
        }
    }
}
