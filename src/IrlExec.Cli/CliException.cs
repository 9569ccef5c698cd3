namespace IrlExec.Cli;

/// <summary>A failure the CLI reports as one message and one exit code (see <see cref="ExitCodes"/>).</summary>
internal sealed class CliException(int exitCode, string kind, string message, Exception? innerException = null)
    : Exception(message, innerException)
{
    /// <summary>The process exit code.</summary>
    public int ExitCode { get; } = exitCode;

    /// <summary>A stable snake_case name for <c>--json</c> output, e.g. <c>unknown_id</c>.</summary>
    public string Kind { get; } = kind;

    public static CliException RootNotFound(string message) => new(ExitCodes.RootNotFound, "root_not_found", message);

    public static CliException UnknownId(string message) => new(ExitCodes.UnknownId, "unknown_id", message);

    /// <summary>A value given as an execution id that cannot be one (exit 4, as an id no execution has).</summary>
    public static CliException NotAnExecutionId(string value) =>
        UnknownId($"{ShownValue(value)} is not an execution id: an id is 1-200 letters, digits, '_', '-' or '.', not starting with '.' and without '..'. 'irlexec list' shows the executions.");

    /// <summary>
    /// A value as an error message shows it: quoted, and cut after 60 characters with its length (a mistyped argument can
    /// be a whole file's text).
    /// </summary>
    public static string ShownValue(string value) => value.Length <= 80 ? $"'{value}'" : $"'{value[..60]}…' ({value.Length} characters)";

    public static CliException Usage(string message) => new(ExitCodes.Usage, "usage", message);

    public static CliException Assembly(string message, Exception? inner = null) => new(ExitCodes.AssemblyProblem, "assembly", message, inner);

    public static CliException Damaged(string message) => new(ExitCodes.DamagedFile, "damaged_file", "damaged file: " + message);

    /// <summary>Maps an exception from the SDK to the CLI's message and exit code.</summary>
    public static CliException From(Exception error) => error switch
    {
        CliException cli => cli,
        DiskFullException full => new(ExitCodes.DiskFull, "disk_full", full.Message, full),
        ExecutionDataException data => new(ExitCodes.DamagedFile, "damaged_file", "damaged file: " + data.Message, data),
        UnknownExecutionException unknown => new(ExitCodes.UnknownId, "unknown_id", unknown.Message, unknown),
        DirectoryNotFoundException missing => new(ExitCodes.RootNotFound, "root_not_found", missing.Message, missing),
        ExecutionLeaseException lease => new(ExitCodes.Failed, "busy", lease.Message, lease),
        MissingSecretsException missing => new(ExitCodes.Usage, "missing_secrets", missing.Message.Replace($" (Parameter '{missing.ParamName}')", "", StringComparison.Ordinal)
            + " Give each with --var-env name=ENV_VAR or --var-file name=PATH (- for standard input).", missing),
        WorkflowException workflow => new(ExitCodes.Failed, "workflow", workflow.Message, workflow),
        ArgumentException argument => new(ExitCodes.Usage, "usage", argument.ParamName is null ? argument.Message : argument.Message.Replace($" (Parameter '{argument.ParamName}')", "", StringComparison.Ordinal), argument),
        _ => new(ExitCodes.Failed, "error", $"{error.GetType().Name}: {error.Message}", error),
    };
}
