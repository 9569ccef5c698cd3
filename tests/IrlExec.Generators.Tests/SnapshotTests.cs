using IrlExec.Generators.Tests.Infrastructure;
using Microsoft.CodeAnalysis;

namespace IrlExec.Generators.Tests;

/// <summary>The generated source of representative workflows, compared with committed snapshots; it must compile cleanly.</summary>
public sealed class SnapshotTests
{
    [Fact]
    public void IncidentApproval_workflow_source_matches_snapshot_and_compiles_cleanly()
    {
        // Records and lists from a JsonContext, a template input, a secret variable/input/output, ISimulatedStep.
        var (result, output) = GeneratorHarness.Run(Sources.IncidentJson, Sources.IncidentApproval);

        var source = result.GeneratedSources.Single(s => s.HintName == "Demo.Incidents.IncidentApproval.g.cs");
        Snapshot.Verify(nameof(IncidentApproval_workflow_source_matches_snapshot_and_compiles_cleanly), source.HintName, source.SourceText.ToString());
        GeneratorHarness.AssertCompilesCleanly(output);
    }

    [Fact]
    public void Global_namespace_workflow_with_built_in_types_matches_snapshot_and_compiles_cleanly()
    {
        var (result, output) = GeneratorHarness.Run(Sources.Minimal);

        var source = result.GeneratedSources.Single(s => s.HintName == "NightlyReport.g.cs");
        Snapshot.Verify(nameof(Global_namespace_workflow_with_built_in_types_matches_snapshot_and_compiles_cleanly), source.HintName, source.SourceText.ToString());
        GeneratorHarness.AssertCompilesCleanly(output);
    }

    [Fact]
    public void Workflow_with_typed_signal_inputs_matches_snapshot_and_compiles_cleanly()
    {
        // A record payload from the JsonContext, a built-in nullable payload, a signal also waited for with [Step(Signal)].
        var (result, output) = GeneratorHarness.Run(Sources.SignalInputs);

        var source = result.GeneratedSources.Single(s => s.HintName == "Demo.Approvals.PurchaseApproval.g.cs");
        Snapshot.Verify(nameof(Workflow_with_typed_signal_inputs_matches_snapshot_and_compiles_cleanly), source.HintName, source.SourceText.ToString());
        GeneratorHarness.AssertCompilesCleanly(output);
    }

    [Fact]
    public void Internal_workflow_with_secrets_nullable_outputs_and_no_input_step_matches_snapshot_and_compiles_cleanly()
    {
        var (result, output) = GeneratorHarness.Run(Sources.Operations);

        var source = result.GeneratedSources.Single(s => s.HintName == "Demo.Operations.Nightly.CredentialRotation.g.cs");
        Snapshot.Verify(nameof(Internal_workflow_with_secrets_nullable_outputs_and_no_input_step_matches_snapshot_and_compiles_cleanly), source.HintName, source.SourceText.ToString());
        GeneratorHarness.AssertCompilesCleanly(output);
    }

    [Fact]
    public void Catalog_source_lists_every_workflow_and_matches_snapshot()
    {
        var (result, output) = GeneratorHarness.Run(Sources.IncidentJson, Sources.IncidentApproval, Sources.Minimal, Sources.Operations);

        var source = result.GeneratedSources.Single(s => s.HintName == "IrlExec.WorkflowCatalog.g.cs");
        Snapshot.Verify(nameof(Catalog_source_lists_every_workflow_and_matches_snapshot), source.HintName, source.SourceText.ToString());
        GeneratorHarness.AssertCompilesCleanly(output);
    }

    [Fact]
    public void All_representative_workflows_together_compile_without_errors_or_warnings_as_errors()
    {
        var (result, output) = GeneratorHarness.Run(Sources.IncidentJson, Sources.IncidentApproval, Sources.Minimal, Sources.Operations);

        Assert.Equal(5, result.GeneratedSources.Length); // three workflows, the catalog and one step's log methods
        Assert.Equal(ReportDiagnostic.Error, output.Options.GeneralDiagnosticOption);
        Assert.Equal(NullableContextOptions.Enable, output.Options.NullableContextOptions);
        GeneratorHarness.AssertCompilesCleanly(output);
    }

    [Fact]
    public void Input_sources_compile_cleanly_on_their_own_so_the_checks_above_are_about_generated_code()
    {
        // Without the generator the user code is still well formed (it only uses attributes and interfaces).
        var compilation = GeneratorHarness.Compile(Sources.IncidentJson, Sources.IncidentApproval, Sources.Minimal, Sources.Operations);
        GeneratorHarness.AssertCompilesCleanly(compilation);
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
    public void A_step_input_whose_type_has_no_json_metadata_source_stubs_only_that_workflow()
    {
        var broken = Sources.Minimal.Replace("[Input] public DateTime Day", "[Input] public System.Uri Day");
        var (result, output) = GeneratorHarness.Run(Sources.IncidentJson, Sources.IncidentApproval, broken);

        Assert.Contains("IrlExecListIncidentsDefinition", Source(result, "Demo.Incidents.IncidentApproval.g.cs"));
        var stub = Source(result, "NightlyReport.g.cs");
        Assert.Contains("IrlExecNotGenerated", stub);
        Assert.DoesNotContain("IrlExecCountDefinition", stub);
        Assert.DoesNotContain("NightlyReport", Source(result, "IrlExec.WorkflowCatalog.g.cs"));
        // The user's code has errors of its own (a Uri has no Day); none is in a generated file.
        Assert.DoesNotContain(output.GetDiagnostics(), d => d.Severity == DiagnosticSeverity.Error && !d.Location.SourceTree!.FilePath.StartsWith("Source", StringComparison.Ordinal));
    }

    [Fact]
    public void Stub_source_of_a_workflow_with_errors_matches_snapshot_and_compiles_cleanly()
    {
        // Two steps with order 1 (IRL0008): the parser refuses the workflow; the public members are stubs.
        var broken = Sources.Operations.Replace("[Step(2, Component = \"db.rotate\"", "[Step(1, Component = \"db.rotate\"");
        var (result, output) = GeneratorHarness.Run(broken);

        var source = result.GeneratedSources.Single(s => s.HintName == "Demo.Operations.Nightly.CredentialRotation.g.cs");
        Snapshot.Verify(nameof(Stub_source_of_a_workflow_with_errors_matches_snapshot_and_compiles_cleanly), source.HintName, source.SourceText.ToString());
        GeneratorHarness.AssertCompilesCleanly(output);
    }

    private static string Source(GeneratorRunResult result, string hintName) =>
        result.GeneratedSources.Single(s => s.HintName == hintName).SourceText.ToString();
}
