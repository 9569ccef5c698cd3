namespace IrlExec;

/// <summary>
/// Ages used by <see cref="ExecutionMaintenance"/>. The defaults are the seed's weekly cleanup: logs older than 30 days
/// are archived, results older than 90 days are deleted.
/// </summary>
public sealed class MaintenanceOptions
{
    /// <summary>The default <see cref="LogArchiveAge"/>: 30 days.</summary>
    public static readonly TimeSpan DefaultLogArchiveAge = TimeSpan.FromDays(30);

    /// <summary>The default <see cref="ResultRetention"/>: 90 days.</summary>
    public static readonly TimeSpan DefaultResultRetention = TimeSpan.FromDays(90);

    /// <summary>
    /// A log whose last write time is more than this long before now is archived by
    /// <see cref="ExecutionMaintenance.ArchiveLogs"/>. Default: 30 days.
    /// </summary>
    public TimeSpan LogArchiveAge { get; init; } = DefaultLogArchiveAge;

    /// <summary>
    /// A result whose last write time is more than this long before now is deleted by
    /// <see cref="ExecutionMaintenance.CleanResults"/>. Default: 90 days.
    /// </summary>
    public TimeSpan ResultRetention { get; init; } = DefaultResultRetention;

    /// <summary>The defaults.</summary>
    public static MaintenanceOptions Default { get; } = new();

    internal void Validate()
    {
        if (LogArchiveAge < TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(LogArchiveAge), LogArchiveAge, "The log archive age must not be negative.");
        }
        if (ResultRetention < TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(ResultRetention), ResultRetention, "The result retention must not be negative.");
        }
    }
}
