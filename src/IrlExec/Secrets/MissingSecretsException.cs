namespace IrlExec;

/// <summary>
/// A resume was refused before anything ran or was recorded: steps still to run need secrets that were not given again.
/// Secrets are never written to the history, so every secret a remaining step reads must be passed to the resume.
/// </summary>
public sealed class MissingSecretsException : ArgumentException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="executionId">The execution that was to be resumed.</param>
    /// <param name="missing">Each missing secret with the orders of the remaining steps that read it.</param>
    public MissingSecretsException(string executionId, IReadOnlyList<(string Name, IReadOnlyList<int> Steps)> missing)
        : base(BuildMessage(executionId, missing), "variables")
    {
        ExecutionId = executionId;
        Names = missing.Select(m => m.Name).ToList();
    }

    /// <summary>The execution that was to be resumed.</summary>
    public string ExecutionId { get; }

    /// <summary>The names of the missing secrets, in the order the remaining steps need them.</summary>
    public IReadOnlyList<string> Names { get; }

    private static string BuildMessage(string executionId, IReadOnlyList<(string Name, IReadOnlyList<int> Steps)> missing)
    {
        var list = string.Join(", ", missing.Select(m => $"'{m.Name}' (step{(m.Steps.Count == 1 ? "" : "s")} {string.Join(", ", m.Steps)})"));
        return $"Execution '{executionId}' cannot be resumed without the secret{(missing.Count == 1 ? "" : "s")} {list}: secrets are never written to the history, so give {(missing.Count == 1 ? "it" : "them")} again with the resume's variables. Nothing was run or recorded.";
    }
}
