namespace IrlExec.Tests.State;

/// <summary>Whether a recorded plan migration was explicit comes from the record's flag, not from its wording.</summary>
public class PlanMigrationProjectionTests
{
    private static ExecutionState Project(ExecutionEvent migration) =>
        ExecutionStateProjector.Replay(
        [
            new ExecutionEvent { Kind = ExecutionEventKind.ExecutionCreated, ExecutionId = "exec_1", Workflow = "w", PlanFingerprint = "a1", PlanVersion = 1 },
            migration,
        ]);

    [Fact]
    public void A_migration_flagged_explicit_is_explicit_whatever_its_message_says()
    {
        var state = Project(new ExecutionEvent { Kind = ExecutionEventKind.PlanMigrated, PlanFingerprint = "b2", PlanVersion = 2, ExplicitMigration = true, Message = "mapped by the operator" });

        var migration = Assert.Single(state.PlanMigrations);
        Assert.True(migration.IsExplicit);
        Assert.Equal(1, migration.FromVersion);
        Assert.Equal(2, migration.ToVersion);
    }

    [Fact]
    public void A_migration_flagged_compatible_is_not_explicit_even_if_its_message_starts_like_one()
    {
        var state = Project(new ExecutionEvent { Kind = ExecutionEventKind.PlanMigrated, PlanFingerprint = "b2", PlanVersion = 1, ExplicitMigration = false, Message = "explicit migration wording in a compatible change" });

        Assert.False(Assert.Single(state.PlanMigrations).IsExplicit);
    }

    [Fact]
    public void A_migration_recorded_before_the_flag_existed_is_read_from_its_summary()
    {
        var state = Project(new ExecutionEvent { Kind = ExecutionEventKind.PlanMigrated, PlanFingerprint = "b2", PlanVersion = 2, Message = "explicit migration from version 1 to 2 (plan fingerprint a1 → b2): step 3 added" });

        Assert.True(Assert.Single(state.PlanMigrations).IsExplicit);
    }
}
