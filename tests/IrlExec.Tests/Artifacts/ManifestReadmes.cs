using static IrlExec.Tests.Artifacts.ArtifactSupport;

namespace IrlExec.Tests.Artifacts;

/// <summary>READMEs of many shapes (line endings, BOM, rows by hand, missing sections), for tests that update them.</summary>
internal static class ManifestReadmes
{
    /// <summary>Writes the README named <paramref name="readme"/> into the root of <paramref name="layout"/>.</summary>
    public static void Write(ExecutionLayout layout, string readme)
    {
        Directory.CreateDirectory(layout.ExecutionDirectory);
        var seed = File.ReadAllText(FixturePath("seed-manifest-README.md"));
        const string Placeholder = "| _(none yet)_ | - | - | - | - |\n";
        const string ByHand = "| deploy | 2026-02-08T00:30:00Z | ✓ Complete | results/deploy-2026-02-08.json | human:samson |";
        var text = readme switch
        {
            "seed" => seed,
            "seed-crlf" => seed.ReplaceLineEndings("\r\n"),
            "seed-bom" => "\uFEFF" + seed,
            "one-crlf-row" => seed.Replace(Placeholder, ByHand + "\r\n", StringComparison.Ordinal),
            "user-rows" => seed.Replace(Placeholder, ByHand + "\n", StringComparison.Ordinal),
            "user-rows-spaced" => seed.Replace(Placeholder, ByHand + "\n|  spaced  |x| Running |logs/by-hand.log|\n", StringComparison.Ordinal),
            "table-at-end" => "# Manifest\n\n## Active Workflows\n\n| Workflow | Started | Status | Log File | Agent/User |\n|---|---|---|---|---|\n\n## Completed Workflows\n\n| Workflow | Completed | Status | Results | Agent/User |\n|---|---|---|---|---|\n| old | 2026-01-01T00:00:00Z | ✓ Complete | results/old.json | me |",
            "no-sections" => "# Our runs\n\nNothing here yet.\n",
            "heading-without-table" => "# Runs\n\n## Active Workflows\nWhat runs now.\n\n## Completed Workflows\n",
            "template" => ExecutionManifest.Template,
            "template-crlf" => ExecutionManifest.Template.ReplaceLineEndings("\r\n"),
            "snapshot-block-first" => "# Runs\n\n<!-- irlexec:snapshot:begin -->\nold\n<!-- irlexec:snapshot:end -->\n\n" + seed,
            _ => throw new ArgumentOutOfRangeException(nameof(readme)),
        };
        File.WriteAllBytes(layout.ManifestFile, new System.Text.UTF8Encoding(false).GetBytes(text));
    }
}
