using System.CommandLine;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using IrlExec.Cli.Output;

namespace IrlExec.Cli;

/// <summary>What a command's handler gets: the parsed command line, the console, the root folder and the output mode.</summary>
internal sealed class CommandContext(ParseResult parseResult, CliConsole console, string root, bool json, string? store = null, string schema = "irlexec")
{
    public ParseResult ParseResult { get; } = parseResult;

    public CliConsole Console { get; } = console;

    /// <summary>The root folder, absolute.</summary>
    public string RootPath { get; } = Path.GetFullPath(root);

    /// <summary>Whether <c>--json</c> was given.</summary>
    public bool Json { get; } = json;

    /// <summary>The PostgreSQL connection string <c>--store</c> named, or null when the command works on a root folder.</summary>
    public string? Store { get; } = store;

    /// <summary>The same command on another root folder (the views rendered from the database).</summary>
    public CommandContext WithRoot(string rootPath) => new(ParseResult, Console, rootPath, Json, Store, Schema);

    /// <summary>The schema <c>--schema</c> names.</summary>
    public string Schema { get; } = schema;

    /// <summary>The PostgreSQL store <c>--store</c> names.</summary>
    /// <exception cref="CliException">No <c>--store</c> was given.</exception>
    public IrlExec.PostgreSql.PostgreSqlExecutionStore OpenStore() =>
        new(new IrlExec.PostgreSql.PostgreSqlStoreOptions
        {
            ConnectionString = Store ?? throw CliException.Usage("This needs --store <connection string | env:NAME>."),
            Schema = Schema,
        });

    public IReportRenderer Renderer => Console.Renderer;

    public T? Value<T>(Option<T> option) => ParseResult.GetValue(option);

    public T? Value<T>(Argument<T> argument) => ParseResult.GetValue(argument);

    /// <summary>The layout of a root that must exist (its <c>execution/</c> folder may not, yet).</summary>
    /// <exception cref="CliException">The root folder does not exist.</exception>
    public ExecutionLayout RequireRoot()
    {
        if (!Directory.Exists(RootPath))
        {
            throw CliException.RootNotFound($"The root folder '{RootPath}' does not exist. Pass --root <folder> (the folder that contains execution/); it defaults to the current folder.");
        }
        return new ExecutionLayout(RootPath);
    }

    /// <summary>The layout of a root, created when it does not exist (for the commands that start executions).</summary>
    public ExecutionLayout CreateRoot()
    {
        if (Store is null) Directory.CreateDirectory(RootPath);
        return new ExecutionLayout(RootPath);
    }

    /// <summary>The value of an execution-id argument, checked before any store or file is opened.</summary>
    /// <exception cref="CliException">It cannot be an execution id (exit 4, as an id no execution has).</exception>
    public string ExecutionId(System.CommandLine.Argument<string> argument) => CheckedExecutionId(Value(argument)!);

    /// <summary>Returns <paramref name="value"/> when it can be an execution id (<see cref="PathSafety.ExecutionId"/>).</summary>
    /// <exception cref="CliException">It cannot (exit 4).</exception>
    public static string CheckedExecutionId(string value)
    {
        try
        {
            return PathSafety.ExecutionId(value);
        }
        catch (ArgumentException)
        {
            throw CliException.NotAnExecutionId(value);
        }
    }

    /// <summary>The layout of a root that must have an <c>execution/</c> folder.</summary>
    /// <exception cref="CliException">The root or its <c>execution/</c> folder does not exist.</exception>
    public ExecutionLayout RequireExecutionFolder()
    {
        var layout = RequireRoot();
        if (!Directory.Exists(layout.ExecutionDirectory))
        {
            throw CliException.RootNotFound($"There is no execution/ folder in '{RootPath}'. Pass --root <folder> with the folder that contains execution/ (default: the current folder).");
        }
        return layout;
    }

    /// <summary>Writes <paramref name="value"/> as indented JSON to stdout.</summary>
    public void WriteJson<T>(T value, JsonTypeInfo<T> typeInfo) => Console.Out.WriteLine(JsonSerializer.Serialize(value, typeInfo));

    /// <summary>Reports a failure: a line on stderr, and with <c>--json</c> an error object on stdout.</summary>
    public void ReportError(CliException error)
    {
        Console.Error.WriteLine("error: " + error.Message);
        if (Json) WriteJson(new ErrorDocument(new ErrorBody(error.ExitCode, error.Kind, error.Message)), CliJson.Readable.ErrorDocument);
    }
}
