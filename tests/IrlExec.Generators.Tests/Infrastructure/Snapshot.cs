using System.Reflection;

namespace IrlExec.Generators.Tests.Infrastructure;

/// <summary>
/// A small Verify-style snapshot check: compares text with <c>Snapshots/&lt;Test&gt;#&lt;HintName&gt;.verified.cs</c>
/// (the Verify.SourceGenerators naming), writes <c>*.received.cs</c> on a mismatch, and accepts the received text
/// when the environment variable <c>IRLEXEC_ACCEPT_SNAPSHOTS=1</c>.
/// </summary>
internal static class Snapshot
{
    public static void Verify(string testName, string hintName, string actual)
    {
        var folder = Path.Combine(ProjectFolder(), "Snapshots");
        Directory.CreateDirectory(folder);
        var stem = Path.Combine(folder, $"{testName}#{Path.GetFileNameWithoutExtension(hintName)}");
        var verifiedPath = stem + ".verified.cs";
        var receivedPath = stem + ".received.cs";
        actual = actual.Replace("\r\n", "\n");
        var accept = Environment.GetEnvironmentVariable("IRLEXEC_ACCEPT_SNAPSHOTS") == "1";
        var expected = File.Exists(verifiedPath) ? File.ReadAllText(verifiedPath).Replace("\r\n", "\n") : null;
        if (expected == actual)
        {
            if (File.Exists(receivedPath)) File.Delete(receivedPath);
            return;
        }
        if (accept)
        {
            File.WriteAllText(verifiedPath, actual);
            if (File.Exists(receivedPath)) File.Delete(receivedPath);
            return;
        }
        File.WriteAllText(receivedPath, actual);
        Assert.Fail(expected is null
            ? $"No snapshot yet: review {receivedPath} and rerun with IRLEXEC_ACCEPT_SNAPSHOTS=1 to accept it."
            : $"Generated source differs from {verifiedPath}: see {receivedPath} (IRLEXEC_ACCEPT_SNAPSHOTS=1 accepts it).\n{FirstDifference(expected, actual)}");
    }

    // The test project's folder, recorded at build time (see the csproj): the snapshots are sources, not build output.
    private static string ProjectFolder()
    {
        var folder = typeof(Snapshot).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
            .FirstOrDefault(a => a.Key == "ProjectDirectory")?.Value;
        if (string.IsNullOrEmpty(folder) || !Directory.Exists(folder))
            throw new InvalidOperationException($"The test project folder recorded at build time ('{folder}') does not exist.");
        return folder;
    }

    private static string FirstDifference(string expected, string actual)
    {
        var e = expected.Split('\n');
        var a = actual.Split('\n');
        for (var i = 0; i < Math.Max(e.Length, a.Length); i++)
        {
            var el = i < e.Length ? e[i] : "<end>";
            var al = i < a.Length ? a[i] : "<end>";
            if (el != al) return $"line {i + 1}:\n  expected: {el}\n  actual:   {al}";
        }
        return "";
    }
}
