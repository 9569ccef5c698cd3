using System.Security.Cryptography;

namespace IrlExec.Dashboard.Rendering;

/// <summary>The stylesheet and script shipped inside the package (embedded resources), with a content hash for caching.</summary>
internal sealed class Assets
{
    public static readonly Assets Css = Load("IrlExec.Dashboard.Assets.dashboard.css", "text/css; charset=utf-8");
    public static readonly Assets Script = Load("IrlExec.Dashboard.Assets.dashboard.js", "text/javascript; charset=utf-8");

    private Assets(byte[] content, string contentType)
    {
        Content = content;
        ContentType = contentType;
        Version = Convert.ToHexStringLower(SHA256.HashData(content).AsSpan(0, 6));
    }

    public byte[] Content { get; }

    public string ContentType { get; }

    /// <summary>A short hash of the content: the pages ask for <c>?v=hash</c>, so a new version is never served from a cache.</summary>
    public string Version { get; }

    private static Assets Load(string name, string contentType)
    {
        using var stream = typeof(Assets).Assembly.GetManifestResourceStream(name)
            ?? throw new InvalidOperationException($"The dashboard asset '{name}' is missing from the assembly.");
        using var memory = new MemoryStream();
        stream.CopyTo(memory);
        return new Assets(memory.ToArray(), contentType);
    }
}
