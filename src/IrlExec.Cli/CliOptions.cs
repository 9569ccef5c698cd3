using System.CommandLine;

namespace IrlExec.Cli;

/// <summary>The options every command understands (recursive), one set per parser so parsers never share state.</summary>
internal sealed class CliOptions
{
    public Option<string> Root { get; } = new("--root")
    {
        Description = "The folder that contains execution/ (default: the current folder).",
        Recursive = true,
        DefaultValueFactory = _ => ".",
    };

    public Option<string?> Store { get; } = new("--store")
    {
        Description = "Use the executions kept in PostgreSQL instead of a root folder: a connection string, or env:NAME to read it "
            + "from the environment variable NAME ('--store env:IRLEXEC_POSTGRES'). list, status, logs, validate and export-training "
            + "read the files rendered from the histories; run, simulate, resume, signal, export, clean and backup use the database.",
        Recursive = true,
    };

    public Option<string> Schema { get; } = new("--schema")
    {
        Description = "With --store: the PostgreSQL schema that holds IrlExec's tables (default: irlexec).",
        Recursive = true,
        DefaultValueFactory = _ => "irlexec",
    };

    public Option<bool> Json { get; } = new("--json")
    {
        Description = "Write machine-readable JSON to stdout instead of text.",
        Recursive = true,
    };
}
