namespace IrlExec.Cli.Output;

/// <summary>Where a running workflow's step progress is shown (a Spectre.Console progress bar on a terminal).</summary>
internal interface IStepProgress
{
    /// <summary>Step <paramref name="order"/> (<paramref name="name"/>) started its attempt <paramref name="attempt"/>.</summary>
    void StepStarted(int order, string name, int attempt);

    /// <summary>Step <paramref name="order"/> completed.</summary>
    void StepCompleted(int order);
}
