// The same workflow ("versioned-report") as it evolves: each class is one definition a paused execution may be
// resumed with. The generator compiles them all, so their plans and fingerprints are the real generated ones.
namespace IrlExec.Generators.Tests.Versioning;

/// <summary>The original: collect, count-tables, approve (pauses once), publish.</summary>
[Workflow("versioned-report")]
public partial class ReportV1
{
    [Variable] public required string Day { get; init; }

    [Step(1)]
    public sealed partial class Collect : IStep
    {
        [Input] public string Day { get; set; } = "";
        [Output] public long Rows { get; set; }
        public ValueTask ExecuteAsync(StepContext context, CancellationToken cancellationToken) { Rows = Day.Length * 100L; return ValueTask.CompletedTask; }
    }
    [Step(2)]
    public sealed partial class CountTables : IStep
    {
        [Input] public string Day { get; set; } = "";
        [Output] public int Tables { get; set; }
        public ValueTask ExecuteAsync(StepContext context, CancellationToken cancellationToken) { Tables = 3; return ValueTask.CompletedTask; }
    }
    [Step(3)]
    public sealed partial class Approve : IStep
    {
        [Input] public int Tables { get; set; }
        public ValueTask ExecuteAsync(StepContext context, CancellationToken cancellationToken)
        {
            if (!context.IsResumed) context.Pause("waiting for approval");
            return ValueTask.CompletedTask;
        }
    }
    [Step(4)]
    public sealed partial class Publish : IStep
    {
        [Input] public long Rows { get; set; }
        [Input] public int Tables { get; set; }
        [Input] public string Day { get; set; } = "";
        [Output] public string Published { get; set; } = "";
        public ValueTask ExecuteAsync(StepContext context, CancellationToken cancellationToken) { Published = $"{Day}: {Rows} rows in {Tables} tables"; return ValueTask.CompletedTask; }
    }
}

/// <summary>A step added at the end.</summary>
[Workflow("versioned-report")]
public partial class ReportWithStepAdded
{
    [Variable] public required string Day { get; init; }

    [Step(1)]
    public sealed partial class Collect : IStep
    {
        [Input] public string Day { get; set; } = "";
        [Output] public long Rows { get; set; }
        public ValueTask ExecuteAsync(StepContext context, CancellationToken cancellationToken) { Rows = Day.Length * 100L; return ValueTask.CompletedTask; }
    }
    [Step(2)]
    public sealed partial class CountTables : IStep
    {
        [Input] public string Day { get; set; } = "";
        [Output] public int Tables { get; set; }
        public ValueTask ExecuteAsync(StepContext context, CancellationToken cancellationToken) { Tables = 3; return ValueTask.CompletedTask; }
    }
    [Step(3)]
    public sealed partial class Approve : IStep
    {
        [Input] public int Tables { get; set; }
        public ValueTask ExecuteAsync(StepContext context, CancellationToken cancellationToken)
        {
            if (!context.IsResumed) context.Pause("waiting for approval");
            return ValueTask.CompletedTask;
        }
    }
    [Step(4)]
    public sealed partial class Publish : IStep
    {
        [Input] public long Rows { get; set; }
        [Input] public int Tables { get; set; }
        [Input] public string Day { get; set; } = "";
        [Output] public string Published { get; set; } = "";
        public ValueTask ExecuteAsync(StepContext context, CancellationToken cancellationToken) { Published = $"{Day}: {Rows} rows in {Tables} tables"; return ValueTask.CompletedTask; }
    }
    [Step(5)]
    public sealed partial class Archive : IStep
    {
        [Input] public string Published { get; set; } = "";
        [Output] public string Archived { get; set; } = "";
        public ValueTask ExecuteAsync(StepContext context, CancellationToken cancellationToken) { Archived = "archived " + Published; return ValueTask.CompletedTask; }
    }
}

/// <summary>Rows retyped from long to int end to end: in the completed collect step and the not-yet-run publish step.</summary>
[Workflow("versioned-report")]
public partial class ReportWithPublishInputRetyped
{
    [Variable] public required string Day { get; init; }

    [Step(1)]
    public sealed partial class Collect : IStep
    {
        [Input] public string Day { get; set; } = "";
        [Output] public int Rows { get; set; }
        public ValueTask ExecuteAsync(StepContext context, CancellationToken cancellationToken) { Rows = Day.Length * 100; return ValueTask.CompletedTask; }
    }
    [Step(2)]
    public sealed partial class CountTables : IStep
    {
        [Input] public string Day { get; set; } = "";
        [Output] public int Tables { get; set; }
        public ValueTask ExecuteAsync(StepContext context, CancellationToken cancellationToken) { Tables = 3; return ValueTask.CompletedTask; }
    }
    [Step(3)]
    public sealed partial class Approve : IStep
    {
        [Input] public int Tables { get; set; }
        public ValueTask ExecuteAsync(StepContext context, CancellationToken cancellationToken)
        {
            if (!context.IsResumed) context.Pause("waiting for approval");
            return ValueTask.CompletedTask;
        }
    }
    [Step(4)]
    public sealed partial class Publish : IStep
    {
        [Input] public int Rows { get; set; }
        [Input] public int Tables { get; set; }
        [Input] public string Day { get; set; } = "";
        [Output] public string Published { get; set; } = "";
        public ValueTask ExecuteAsync(StepContext context, CancellationToken cancellationToken) { Published = $"{Day}: {Rows} rows in {Tables} tables"; return ValueTask.CompletedTask; }
    }
}

/// <summary>The two completed steps swapped.</summary>
[Workflow("versioned-report")]
public partial class ReportWithCompletedStepsReordered
{
    [Variable] public required string Day { get; init; }

    [Step(1)]
    public sealed partial class CountTables : IStep
    {
        [Input] public string Day { get; set; } = "";
        [Output] public int Tables { get; set; }
        public ValueTask ExecuteAsync(StepContext context, CancellationToken cancellationToken) { Tables = 3; return ValueTask.CompletedTask; }
    }
    [Step(2)]
    public sealed partial class Collect : IStep
    {
        [Input] public string Day { get; set; } = "";
        [Output] public long Rows { get; set; }
        public ValueTask ExecuteAsync(StepContext context, CancellationToken cancellationToken) { Rows = Day.Length * 100L; return ValueTask.CompletedTask; }
    }
    [Step(3)]
    public sealed partial class Approve : IStep
    {
        [Input] public int Tables { get; set; }
        public ValueTask ExecuteAsync(StepContext context, CancellationToken cancellationToken)
        {
            if (!context.IsResumed) context.Pause("waiting for approval");
            return ValueTask.CompletedTask;
        }
    }
    [Step(4)]
    public sealed partial class Publish : IStep
    {
        [Input] public long Rows { get; set; }
        [Input] public int Tables { get; set; }
        [Input] public string Day { get; set; } = "";
        [Output] public string Published { get; set; } = "";
        public ValueTask ExecuteAsync(StepContext context, CancellationToken cancellationToken) { Published = $"{Day}: {Rows} rows in {Tables} tables"; return ValueTask.CompletedTask; }
    }
}

/// <summary>Version 2: the rows output is renamed row_count (a completed step changed: needs an explicit migration).</summary>
[Workflow("versioned-report", Version = 2)]
public partial class ReportV2
{
    [Variable] public required string Day { get; init; }

    [Step(1)]
    public sealed partial class Collect : IStep
    {
        [Input] public string Day { get; set; } = "";
        [Output("row_count")] public long Rows { get; set; }
        public ValueTask ExecuteAsync(StepContext context, CancellationToken cancellationToken) { Rows = Day.Length * 100L; return ValueTask.CompletedTask; }
    }
    [Step(2)]
    public sealed partial class CountTables : IStep
    {
        [Input] public string Day { get; set; } = "";
        [Output] public int Tables { get; set; }
        public ValueTask ExecuteAsync(StepContext context, CancellationToken cancellationToken) { Tables = 3; return ValueTask.CompletedTask; }
    }
    [Step(3)]
    public sealed partial class Approve : IStep
    {
        [Input] public int Tables { get; set; }
        public ValueTask ExecuteAsync(StepContext context, CancellationToken cancellationToken)
        {
            if (!context.IsResumed) context.Pause("waiting for approval");
            return ValueTask.CompletedTask;
        }
    }
    [Step(4)]
    public sealed partial class Publish : IStep
    {
        [Input("row_count")] public long Rows { get; set; }
        [Input] public int Tables { get; set; }
        [Input] public string Day { get; set; } = "";
        [Output] public string Published { get; set; } = "";
        public ValueTask ExecuteAsync(StepContext context, CancellationToken cancellationToken) { Published = $"{Day}: {Rows} rows in {Tables} tables"; return ValueTask.CompletedTask; }
    }
}

// Version 2 with its migration declared on the class: every resume of a version 1 execution uses it.
[Workflow("versioned-report", Version = 2)]
public partial class ReportV2WithDeclaredMigration
{
    /// <summary>How many times the declared hook ran (the tests reset it).</summary>
    public static int MigrationsRun;

    // Version 1 published "rows"; version 2 reads "row_count".
    [WorkflowMigration]
    public static void Migrate(PlanMigrationContext context)
    {
        MigrationsRun++;
        context.Variables.Set("row_count", context.Variables.Get("rows", JsonTypes.Int64), JsonTypes.Int64);
    }

    [Variable] public required string Day { get; init; }

    [Step(1)]
    public sealed partial class Collect : IStep
    {
        [Input] public string Day { get; set; } = "";
        [Output("row_count")] public long Rows { get; set; }
        public ValueTask ExecuteAsync(StepContext context, CancellationToken cancellationToken) { Rows = Day.Length * 100L; return ValueTask.CompletedTask; }
    }
    [Step(2)]
    public sealed partial class CountTables : IStep
    {
        [Input] public string Day { get; set; } = "";
        [Output] public int Tables { get; set; }
        public ValueTask ExecuteAsync(StepContext context, CancellationToken cancellationToken) { Tables = 3; return ValueTask.CompletedTask; }
    }
    [Step(3)]
    public sealed partial class Approve : IStep
    {
        [Input] public int Tables { get; set; }
        public ValueTask ExecuteAsync(StepContext context, CancellationToken cancellationToken)
        {
            if (!context.IsResumed) context.Pause("waiting for approval");
            return ValueTask.CompletedTask;
        }
    }
    [Step(4)]
    public sealed partial class Publish : IStep
    {
        [Input("row_count")] public long Rows { get; set; }
        [Input] public int Tables { get; set; }
        [Input] public string Day { get; set; } = "";
        [Output] public string Published { get; set; } = "";
        public ValueTask ExecuteAsync(StepContext context, CancellationToken cancellationToken) { Published = $"{Day}: {Rows} rows in {Tables} tables"; return ValueTask.CompletedTask; }
    }
}
