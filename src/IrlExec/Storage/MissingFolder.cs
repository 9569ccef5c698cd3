namespace IrlExec;

/// <summary>
/// Tells when opening a file in a creating mode (<see cref="FileMode.OpenOrCreate"/>, <see cref="FileMode.CreateNew"/>,
/// <see cref="FileMode.Append"/>, ...) failed because its folder is missing, so the caller creates the folder and opens
/// again. Such an open fails with ENOENT only for a missing folder, but .NET on Unix names the error after looking at
/// the folder once more: <see cref="DirectoryNotFoundException"/> while it is still missing,
/// <see cref="FileNotFoundException"/> when another thread or process created it in between. Both mean the same here.
/// </summary>
internal static class MissingFolder
{
    /// <summary>True when <paramref name="e"/>, thrown by an open that creates the file, means its folder was missing.</summary>
    public static bool Caused(IOException e) => e is DirectoryNotFoundException or FileNotFoundException;
}
