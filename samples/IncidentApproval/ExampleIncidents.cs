namespace IncidentApproval;

/// <summary>The example quarantine shipped with the sample (<c>incidents/</c> next to the program).</summary>
public static class ExampleIncidents
{
    /// <summary>The shipped <c>incidents/</c> folder.</summary>
    public static string Folder => Path.Combine(AppContext.BaseDirectory, "incidents");

    /// <summary>Copies the shipped incidents to <c>&lt;root&gt;/quarantine/</c> unless a quarantine is already there; true when copied.</summary>
    public static bool SeedQuarantine(string root)
    {
        var quarantine = Path.Combine(root, "quarantine");
        if (Directory.Exists(quarantine)) return false;
        foreach (var file in Directory.EnumerateFiles(Folder, "*", SearchOption.AllDirectories))
        {
            var target = Path.Combine(quarantine, Path.GetRelativePath(Folder, file));
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(file, target);
        }
        return true;
    }
}
