using IrlExec.Generators.Tests.Binding;

namespace IrlExec.Generators.Tests;

/// <summary>A [Workflow] class that implements IManifestSnapshot gets a definition whose ManifestSnapshot calls it (docs/manifest.md).</summary>
public sealed class ManifestSnapshotDeclarationTests
{
    [Fact]
    public async Task The_declared_values_of_a_generated_workflow_reach_the_manifests_state_snapshots()
    {
        var root = Directory.CreateTempSubdirectory("irlexec-snapshot-").FullName;
        try
        {
            var result = await SnapshotDeclaringWorkflow.RunAsync(WorkflowRunner.ForDirectory(root), new SnapshotDeclaringWorkflow { Queue = "orders" });

            Assert.Equal("CompletedSuccess", result.Status.ToString());
            var readme = File.ReadAllText(new ExecutionLayout(root).ManifestFile);
            Assert.Contains("#### Queue Status\n\n- **Drained by the last run:** 6 from orders\n", readme, StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(root, recursive: true);
        }
    }

    [Fact]
    public void A_definition_gets_both_its_migration_and_its_snapshot()
    {
        var definition = SnapshotAndMigrationWorkflow.Definition;

        Assert.NotNull(definition.Migration);
        var snapshot = Assert.IsType<Func<ManifestSnapshotContext, IEnumerable<ManifestSnapshotValue>>>(definition.ManifestSnapshot);
        Assert.Equal([new ManifestSnapshotValue("Both", "Declared", "yes")], snapshot(new ManifestSnapshotContext(new ExecutionState(), new ExecutionLayout(Path.GetTempPath()))));
    }

    [Fact]
    public void A_workflow_that_declares_nothing_has_no_snapshot()
    {
        Assert.Null(SimulationRuleWorkflow.Definition.ManifestSnapshot);
    }
}
