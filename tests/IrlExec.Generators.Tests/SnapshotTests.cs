using IrlExec.Generators.Tests.Infrastructure;
using Microsoft.CodeAnalysis;

namespace IrlExec.Generators.Tests;

/// <summary>The generated source of representative workflows, compared with committed snapshots; it must compile cleanly.</summary>
public sealed class SnapshotTests
{
    [Fact]
    public void IncidentApproval_workflow_source_matches_snapshot()
    {
        var (result, _) = GeneratorHarness.Run(Sources.IncidentJson, Sources.IncidentApproval);
        var source = result.GeneratedSources.Single(s => s.HintName == "Demo.Incidents.IncidentApproval.g.cs");
        Snapshot.Verify(nameof(IncidentApproval_workflow_source_matches_snapshot), source.HintName, source.SourceText.ToString());
    }

    [Fact]
    public void Global_namespace_workflow_with_built_in_types_matches_snapshot()
    {
        var (result, _) = GeneratorHarness.Run(Sources.Minimal);
        var source = result.GeneratedSources.Single(s => s.HintName == "NightlyReport.g.cs");
        Snapshot.Verify(nameof(Global_namespace_workflow_with_built_in_types_matches_snapshot), source.HintName, source.SourceText.ToString());
    }

    [Fact]
    public void Catalog_source_lists_every_workflow_and_matches_snapshot()
    {
        var (result, _) = GeneratorHarness.Run(Sources.IncidentJson, Sources.IncidentApproval, Sources.Minimal);
        var source = result.GeneratedSources.Single(s => s.HintName == "IrlExec.WorkflowCatalog.g.cs");
        Snapshot.Verify(nameof(Catalog_source_lists_every_workflow_and_matches_snapshot), source.HintName, source.SourceText.ToString());
    }

    [Fact]
    public void Generated_code_compiles_without_errors_or_warnings_under_nullable_enable()
    {
        var (result, output) = GeneratorHarness.Run(Sources.IncidentJson, Sources.IncidentApproval, Sources.Minimal);

        Assert.Equal(3, result.GeneratedSources.Length);
        var problems = GeneratorHarness.Problems(output);
        Assert.True(problems.Count == 0, string.Join("\n", problems));
    }

    [Fact]
    public void Input_sources_compile_cleanly_on_their_own_so_the_check_above_is_about_generated_code()
    {
        // Without the generator the user code is still well formed (it only uses attributes and interfaces).
        var compilation = GeneratorHarness.Compile(Sources.IncidentJson, Sources.IncidentApproval, Sources.Minimal);
        Assert.Empty(GeneratorHarness.Problems(compilation));
    }

    [Fact]
    public void A_workflow_that_is_not_partial_gets_no_source_and_breaks_nothing()
    {
        var (result, output) = GeneratorHarness.Run(Sources.Minimal.Replace("public partial class NightlyReport", "public class NightlyReport"));

        Assert.Empty(result.GeneratedSources);
        Assert.Empty(result.Diagnostics);
        Assert.DoesNotContain(output.GetDiagnostics(), d => d.Severity == DiagnosticSeverity.Error);
    }

    [Fact]
    public void A_step_input_whose_type_has_no_json_metadata_source_drops_only_that_workflow()
    {
        var broken = Sources.Minimal.Replace("[Input] public DateTime Day", "[Input] public System.Uri Day");
        var (result, _) = GeneratorHarness.Run(Sources.IncidentJson, Sources.IncidentApproval, broken);

        Assert.Contains(result.GeneratedSources, s => s.HintName == "Demo.Incidents.IncidentApproval.g.cs");
        Assert.DoesNotContain(result.GeneratedSources, s => s.HintName == "NightlyReport.g.cs");
    }
}
