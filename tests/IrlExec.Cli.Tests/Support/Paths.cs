namespace IrlExec.Cli.Tests.Support;

/// <summary>Where the built samples and the built CLI are (same configuration as the tests).</summary>
internal static class Paths
{
    public static string RepositoryRoot { get; } = FindRepositoryRoot();

    private static readonly DirectoryInfo TestBin = new(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar));

    // tests/<project>/bin/<Configuration>/<tfm>/
    private static string Configuration => TestBin.Parent!.Name;

    private static string Tfm => TestBin.Name;

    public static string SampleDll(string sample) => Built(Path.Combine(RepositoryRoot, "samples", sample, "bin", Configuration, Tfm, sample + ".dll"));

    public static string SampleFolder(string sample) => Path.GetDirectoryName(SampleDll(sample))!;

    public static string CliDll => Built(Path.Combine(RepositoryRoot, "src", "IrlExec.Cli", "bin", Configuration, Tfm, "IrlExec.Cli.dll"));

    private static string Built(string path)
    {
        Assert.True(File.Exists(path), $"Not built: {path}");
        return path;
    }

    private static string FindRepositoryRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "IrlExec.sln"))) return directory.FullName;
        }
        throw new InvalidOperationException("IrlExec.sln not found above " + AppContext.BaseDirectory);
    }
}
