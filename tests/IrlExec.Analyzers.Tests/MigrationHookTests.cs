using IrlExec.Analyzers.Tests.Infrastructure;

namespace IrlExec.Analyzers.Tests;

/// <summary>IRL0025: a [WorkflowMigration] method has the one shape the generated definition can call, in a [Workflow] class, once.</summary>
public class MigrationHookTests
{
    private const string Step = """
            [Step(1)]
            public partial class Collect : IStep
            {
                public ValueTask ExecuteAsync(StepContext context, CancellationToken cancellationToken) => ValueTask.CompletedTask;
            }
        """;

    private static string Workflow(string members) => $$"""
        namespace Demo;

        [Workflow("demo", Version = 2)]
        public partial class Demo
        {
        {{members}}
        {{Step}}
        }
        """;

    [Fact]
    public Task A_static_void_method_taking_the_migration_context_is_not_reported() =>
        Verify.Analyzer(Workflow("    [WorkflowMigration] public static void Migrate(PlanMigrationContext context) { }"));

    [Fact]
    public async Task An_instance_method_is_reported()
    {
        await Verify.Analyzer(Workflow("    [{|#0:WorkflowMigration|}] public void Migrate(PlanMigrationContext context) { }"),
            Verify.Diagnostic("IRL0025").WithLocation(0).WithMessage("Method 'Migrate' is marked [WorkflowMigration] but is not a static, non-generic void method with one PlanMigrationContext parameter. Declare one 'static void Migrate(PlanMigrationContext context)' in the [Workflow] class."));
    }

    [Theory]
    [InlineData("public static int Migrate(PlanMigrationContext context) => 0;")]
    [InlineData("public static void Migrate(string context) { }")]
    [InlineData("public static void Migrate(PlanMigrationContext context, int extra) { }")]
    [InlineData("public static void Migrate(ref PlanMigrationContext context) { }")]
    [InlineData("public static void Migrate<T>(PlanMigrationContext context) { }")]
    public Task A_method_of_another_shape_is_reported(string method) =>
        Verify.Analyzer(Workflow($"    [{{|IRL0025:WorkflowMigration|}}] {method}"));

    [Fact]
    public Task Two_hooks_in_one_workflow_are_both_reported() =>
        Verify.Analyzer(Workflow("""
                [{|IRL0025:WorkflowMigration|}] public static void First(PlanMigrationContext context) { }
                [{|IRL0025:WorkflowMigration|}] public static void Second(PlanMigrationContext context) { }
            """));

    [Fact]
    public Task A_hook_outside_a_workflow_class_is_reported() =>
        Verify.Analyzer("""
            namespace Demo;

            public static class Migrations
            {
                [{|IRL0025:WorkflowMigration|}] public static void Migrate(PlanMigrationContext context) { }
            }
            """);
}
