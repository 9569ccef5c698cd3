using System.Text.Json.Serialization.Metadata;
using IrlExec.Internal;

namespace IrlExec;

/// <summary>Ready-made, source-generated <see cref="JsonTypeInfo{T}"/> for common variable types (no reflection).</summary>
public static class JsonTypes
{
    /// <summary><see cref="string"/>.</summary>
    public static JsonTypeInfo<string> String => IrlExecJsonContext.Default.String;
    /// <summary><see cref="int"/>.</summary>
    public static JsonTypeInfo<int> Int32 => IrlExecJsonContext.Default.Int32;
    /// <summary><see cref="long"/>.</summary>
    public static JsonTypeInfo<long> Int64 => IrlExecJsonContext.Default.Int64;
    /// <summary><see cref="bool"/>.</summary>
    public static JsonTypeInfo<bool> Boolean => IrlExecJsonContext.Default.Boolean;
    /// <summary><see cref="double"/>.</summary>
    public static JsonTypeInfo<double> Double => IrlExecJsonContext.Default.Double;
    /// <summary><see cref="decimal"/>.</summary>
    public static JsonTypeInfo<decimal> Decimal => IrlExecJsonContext.Default.Decimal;
    /// <summary><see cref="System.DateTime"/>.</summary>
    public static JsonTypeInfo<DateTime> DateTime => IrlExecJsonContext.Default.DateTime;
    /// <summary><see cref="System.DateTimeOffset"/>.</summary>
    public static JsonTypeInfo<DateTimeOffset> DateTimeOffset => IrlExecJsonContext.Default.DateTimeOffset;
    /// <summary><see cref="System.Guid"/>.</summary>
    public static JsonTypeInfo<Guid> Guid => IrlExecJsonContext.Default.Guid;
    /// <summary>A list of strings.</summary>
    public static JsonTypeInfo<List<string>> StringList => IrlExecJsonContext.Default.ListString;
}
