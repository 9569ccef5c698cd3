namespace IrlExec.Cli;

/// <summary>
/// The exit codes of <c>irlexec</c> (documented in docs/cli.md). Each failure a script may want to tell apart has its own.
/// </summary>
internal static class ExitCodes
{
    /// <summary>Done; for run/simulate/resume: the execution completed successfully.</summary>
    public const int Ok = 0;

    /// <summary>The operation failed: an execution ended COMPLETED_FAILURE, a maintenance step failed on a file, the execution is held by another runner or is finished.</summary>
    public const int Failed = 1;

    /// <summary>Bad command line: unknown command or option, missing argument, malformed <c>--var</c>.</summary>
    public const int Usage = 2;

    /// <summary>The root folder (<c>--root</c>, default: the current folder) or its <c>execution/</c> folder does not exist.</summary>
    public const int RootNotFound = 3;

    /// <summary>No execution with that id, or no workflow with that name in the assembly.</summary>
    public const int UnknownId = 4;

    /// <summary>A file could not be read: a damaged history, snapshot, result, log or markdown file (the message names file and line).</summary>
    public const int DamagedFile = 5;

    /// <summary>run/simulate/resume: the execution is PAUSED (waiting for a human or a fix); resume it later.</summary>
    public const int Paused = 6;

    /// <summary>The workflow assembly (<c>--assembly</c>) is missing, cannot be loaded, or declares no workflows.</summary>
    public const int AssemblyProblem = 7;

    /// <summary>A file could not be written: the disk (or quota) is full. What was recorded is kept; resume once space is freed.</summary>
    public const int DiskFull = 8;
}
