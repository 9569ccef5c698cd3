namespace IrlExec.Cli;

/// <summary>Reads <c>--store</c>: a PostgreSQL connection string, or <c>env:NAME</c> for one kept in an environment variable.</summary>
internal static class StoreOption
{
    public const string EnvironmentPrefix = "env:";

    /// <exception cref="CliException">The value is empty, or names an environment variable that is not set.</exception>
    public static string ConnectionString(string value)
    {
        if (string.IsNullOrWhiteSpace(value)) throw CliException.Usage("--store needs a PostgreSQL connection string, or env:NAME (e.g. env:IRLEXEC_POSTGRES).");
        if (!value.StartsWith(EnvironmentPrefix, StringComparison.Ordinal)) return value;
        var name = value[EnvironmentPrefix.Length..];
        return Environment.GetEnvironmentVariable(name) is { Length: > 0 } connectionString
            ? connectionString
            : throw CliException.Usage($"--store {value}: the environment variable '{name}' is not set; set it to a PostgreSQL connection string (Host=...;Username=...;Database=...).");
    }
}
