using System.Text.RegularExpressions;
using IrlExec.Generators.Tests.Infrastructure;

namespace IrlExec.Generators.Tests;

/// <summary>The plan fingerprint: a stable hash of the plan's shape (steps, inputs, outputs and their types).</summary>
public sealed class FingerprintTests
{
    private static string FingerprintOf(string source)
    {
        var (result, _) = GeneratorHarness.Run(source); // a new compilation and a new driver each time
        var text = result.GeneratedSources.Single(s => s.HintName == "NightlyReport.g.cs").SourceText.ToString();
        return Regex.Match(text, "Fingerprint = \"([0-9a-f]{16})\"").Groups[1].Value;
    }

    [Fact]
    public void Two_builds_of_the_same_source_give_the_same_fingerprint()
    {
        var first = FingerprintOf(Sources.Minimal);
        var second = FingerprintOf(Sources.Minimal);

        Assert.Matches("^[0-9a-f]{16}$", first);
        Assert.Equal(first, second);
    }

    [Fact]
    public void Changing_an_output_type_changes_the_fingerprint()
    {
        var changed = Sources.Minimal.Replace("[Output(\"row_count\")] public long Rows { get; set; } = -1;", "[Output(\"row_count\")] public int Rows { get; set; } = -1;");
        Assert.NotEqual(Sources.Minimal, changed);

        Assert.NotEqual(FingerprintOf(Sources.Minimal), FingerprintOf(changed));
    }

    [Fact]
    public void Changing_a_method_body_or_an_estimate_keeps_the_fingerprint()
    {
        var changed = Sources.Minimal
            .Replace("Rows = Day.Day;", "Rows = Day.Day + 1;")
            .Replace("[Step(1, Name = \"count-rows\")]", "[Step(1, Name = \"count-rows\", EstimatedSeconds = 30)]");
        Assert.NotEqual(Sources.Minimal, changed);

        Assert.Equal(FingerprintOf(Sources.Minimal), FingerprintOf(changed));
    }

    [Fact]
    public void Raising_the_version_changes_the_fingerprint()
    {
        var changed = Sources.Minimal.Replace("[Workflow(\"nightly-report\")]", "[Workflow(\"nightly-report\", Version = 2)]");
        Assert.NotEqual(Sources.Minimal, changed);

        Assert.NotEqual(FingerprintOf(Sources.Minimal), FingerprintOf(changed));
    }
}
