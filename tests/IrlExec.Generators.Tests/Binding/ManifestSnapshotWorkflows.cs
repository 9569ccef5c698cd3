namespace IrlExec.Generators.Tests.Binding;

/// <summary>A workflow that declares State Snapshots values for the manifest (<see cref="IManifestSnapshot"/>, implemented explicitly).</summary>
[Workflow("snapshot-declaring")]
public partial class SnapshotDeclaringWorkflow : IManifestSnapshot
{
    [Variable] public required string Queue { get; init; }

    [Step(1)]
    public sealed partial class Drain : IStep
    {
        [Input] public string Queue { get; set; } = "";
        [Output] public int Drained { get; set; }

        public ValueTask ExecuteAsync(StepContext context, CancellationToken cancellationToken)
        {
            Drained = Queue.Length;
            return ValueTask.CompletedTask;
        }
    }

    static IEnumerable<ManifestSnapshotValue> IManifestSnapshot.Snapshot(ManifestSnapshotContext context)
    {
        var state = State.From(context.State);
        yield return new("Queue Status", "Drained by the last run", $"{state.Drained} from {state.Queue}");
    }
}

/// <summary>A workflow with both a migration hook and declared snapshot values: the definition gets both.</summary>
[Workflow("snapshot-and-migration", Version = 2)]
public partial class SnapshotAndMigrationWorkflow : IManifestSnapshot
{
    [WorkflowMigration]
    public static void Migrate(PlanMigrationContext context) => context.Variables.Set("migrated", true, JsonTypes.Boolean);

    [Step(1)]
    public sealed partial class Only : IStep
    {
        public ValueTask ExecuteAsync(StepContext context, CancellationToken cancellationToken) => ValueTask.CompletedTask;
    }

    public static IEnumerable<ManifestSnapshotValue> Snapshot(ManifestSnapshotContext context) => [new("Both", "Declared", "yes")];
}
