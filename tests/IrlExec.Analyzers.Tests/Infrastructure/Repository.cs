namespace IrlExec.Analyzers.Tests.Infrastructure;

/// <summary>Finds files of this repository (the directory that holds IrlExec.sln) from the test's output folder.</summary>
internal static class Repository
{
    public static string Root { get; } = FindRoot();

    private static string FindRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "IrlExec.sln"))) return directory.FullName;
        }
        throw new InvalidOperationException("IrlExec.sln not found above " + AppContext.BaseDirectory);
    }

    /// <summary>The C# files of a project folder, without bin/ and obj/.</summary>
    public static IEnumerable<string> SourceFiles(string projectDirectory) =>
        Directory.EnumerateFiles(projectDirectory, "*.cs", SearchOption.AllDirectories)
            .Where(f => !Path.GetRelativePath(projectDirectory, f).Split(Path.DirectorySeparatorChar).Any(p => p is "bin" or "obj"))
            .Order(StringComparer.Ordinal);
}
