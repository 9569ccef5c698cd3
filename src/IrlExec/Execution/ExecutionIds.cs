using System.Globalization;

namespace IrlExec;

/// <summary>Execution ids: <c>exec_&lt;UTC timestamp&gt;_&lt;uuid&gt;</c>, e.g. <c>exec_20260208T004725Z_3f2b...</c>.</summary>
public static class ExecutionIds
{
    /// <summary>A new id for an execution created at <paramref name="now"/>.</summary>
    public static string New(DateTimeOffset now) =>
        "exec_" + now.UtcDateTime.ToString("yyyyMMdd'T'HHmmss'Z'", CultureInfo.InvariantCulture) + "_" + Guid.NewGuid().ToString("N");
}
