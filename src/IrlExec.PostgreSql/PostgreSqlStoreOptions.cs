using System.Text.RegularExpressions;

namespace IrlExec.PostgreSql;

/// <summary>How a <see cref="PostgreSqlExecutionStore"/> reaches its database and holds leases.</summary>
public sealed partial class PostgreSqlStoreOptions
{
    /// <summary>The environment variable the CLI and the samples read a connection string from: <c>IRLEXEC_POSTGRES</c>.</summary>
    public const string ConnectionStringVariable = "IRLEXEC_POSTGRES";

    /// <summary>An Npgsql connection string, e.g. <c>Host=db;Username=irlexec;Password=...;Database=irlexec</c>.</summary>
    public required string ConnectionString { get; init; }

    /// <summary>The schema that holds IrlExec's tables, created on first use. Default <c>irlexec</c>.</summary>
    public string Schema { get; init; } = "irlexec";

    /// <summary>
    /// How long a lease lasts without renewal. A worker renews its leases every <see cref="HeartbeatInterval"/>; when it
    /// stops (process killed, paused, cut off from the database), another worker can take its executions over this long
    /// after its last renewal, and everything it appends after that is refused. Default 30 seconds.
    /// </summary>
    public TimeSpan LeaseDuration { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>How often held leases are renewed. Default: a third of <see cref="LeaseDuration"/>.</summary>
    public TimeSpan? HeartbeatInterval { get; init; }

    /// <summary>Who holds the leases this store takes, shown in the lease table. Default: host name, process id and a random suffix.</summary>
    public string Owner { get; init; } = $"{Environment.MachineName}:{Environment.ProcessId}:{Guid.NewGuid().ToString("N")[..8]}";

    internal TimeSpan EffectiveHeartbeat => HeartbeatInterval ?? LeaseDuration / 3;

    internal void Validate()
    {
        if (string.IsNullOrWhiteSpace(ConnectionString)) throw new ArgumentException("A PostgreSQL connection string is required.", nameof(ConnectionString));
        if (!SchemaName().IsMatch(Schema))
        {
            throw new ArgumentException($"Schema name '{Schema}' is not allowed: use lowercase letters, digits and '_', starting with a letter or '_' (at most 63).", nameof(Schema));
        }
        if (LeaseDuration < TimeSpan.FromMilliseconds(100)) throw new ArgumentException("LeaseDuration must be at least 100 ms.", nameof(LeaseDuration));
        if (EffectiveHeartbeat <= TimeSpan.Zero || EffectiveHeartbeat >= LeaseDuration)
        {
            throw new ArgumentException("HeartbeatInterval must be positive and shorter than LeaseDuration.", nameof(HeartbeatInterval));
        }
    }

    [GeneratedRegex("^[a-z_][a-z0-9_]{0,62}$")]
    private static partial Regex SchemaName();
}
