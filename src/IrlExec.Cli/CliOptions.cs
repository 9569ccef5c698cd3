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

    public Option<bool> Json { get; } = new("--json")
    {
        Description = "Write machine-readable JSON to stdout instead of text.",
        Recursive = true,
    };
}
