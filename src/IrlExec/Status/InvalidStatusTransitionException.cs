namespace IrlExec;

/// <summary>Thrown when code asks for a status transition that the table in <see cref="StatusTransitions"/> does not allow.</summary>
public sealed class InvalidStatusTransitionException : InvalidOperationException
{
    /// <summary>Creates the exception for a refused execution transition.</summary>
    public InvalidStatusTransitionException(ExecutionStatus from, ExecutionStatus to)
        : base($"An execution cannot move from {StatusTransitions.ToWireName(from)} to {StatusTransitions.ToWireName(to)}. " +
               $"Allowed from {StatusTransitions.ToWireName(from)}: {Describe(StatusTransitions.AllowedTargets(from).Select(StatusTransitions.ToWireName))}.")
    {
        From = StatusTransitions.ToWireName(from);
        To = StatusTransitions.ToWireName(to);
    }

    /// <summary>Creates the exception for a refused step transition.</summary>
    public InvalidStatusTransitionException(int step, StepStatus from, StepStatus to)
        : base($"Step {step} cannot move from {StatusTransitions.ToWireName(from)} to {StatusTransitions.ToWireName(to)}. " +
               $"Allowed from {StatusTransitions.ToWireName(from)}: {Describe(StatusTransitions.AllowedTargets(from).Select(StatusTransitions.ToWireName))}.")
    {
        From = StatusTransitions.ToWireName(from);
        To = StatusTransitions.ToWireName(to);
    }

    /// <summary>The status the transition started from, as written in files.</summary>
    public string From { get; }

    /// <summary>The status that was refused, as written in files.</summary>
    public string To { get; }

    private static string Describe(IEnumerable<string> names)
    {
        var list = names.ToList();
        return list.Count == 0 ? "nothing (terminal)" : string.Join(", ", list);
    }
}
