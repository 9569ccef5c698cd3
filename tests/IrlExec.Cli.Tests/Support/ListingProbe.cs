using System.Runtime.CompilerServices;
using IrlExec.Cli.Commands;

namespace IrlExec.Cli.Tests.Support;

/// <summary>What the tests of <c>irlexec list</c>'s stamp and journal share: aging a root, a counted list, the ids shown.</summary>
internal static class ListingProbe
{
    /// <summary>The <c>state/</c> folder and the index as a root that has not changed for an hour has them.</summary>
    public static void Age(ExecutionLayout layout)
    {
        var hourAgo = DateTime.UtcNow.AddHours(-1);
        Directory.SetLastWriteTimeUtc(layout.StateDirectory, hourAgo);
        if (File.Exists(FinishedIndex.FilePath(layout))) File.SetLastWriteTimeUtc(FinishedIndex.FilePath(layout), hourAgo);
    }

    /// <summary>Runs <c>list</c> (in <paramref name="boot"/> when given), counting the listings of <c>execution/state/</c> it makes.</summary>
    public static async Task<(CliResult Result, int Listings)> ListAsync(string root, string? boot, params string[] options)
    {
        var listings = new StrongBox<int>();
        ExecutionFolder.ListingsCounted.Value = listings;
        if (boot is not null) BootIdentity.Injected.Value = boot;
        var result = await Irlexec.RunAsync(["list", "--root", root, .. options]);
        return (result, listings.Value);
    }

    /// <summary>The ids of the executions a <c>list --json</c> shows, in its order.</summary>
    public static List<string> Ids(CliResult list) =>
        [.. list.Json().GetProperty("executions").EnumerateArray().Select(e => e.GetProperty("execution_id").GetString()!)];
}
