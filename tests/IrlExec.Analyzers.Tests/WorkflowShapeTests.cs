using IrlExec.Analyzers.Tests.Infrastructure;

namespace IrlExec.Analyzers.Tests;

/// <summary>IRL0008, IRL0009, IRL0011-IRL0014, IRL0016, IRL0018: the shape of workflow and step declarations.</summary>
public class WorkflowShapeTests
{
    private const string Execute = "        public ValueTask ExecuteAsync(StepContext context, CancellationToken cancellationToken) => ValueTask.CompletedTask;";

    private static string Steps(params int[] orders) => string.Join("\n", orders.Select((order, i) => $$"""
            [Step({{order}})]
            public partial class Step{{(char)('A' + i)}} : IStep
            {
        {{Execute}}
            }
        """));

    [Fact]
    public async Task Duplicate_step_order_is_reported_on_the_second_steps_order()
    {
        await Verify.Analyzer($$"""
            namespace Demo;

            [Workflow("demo")]
            public partial class Demo
            {
            {{Steps(1, 2).Replace("[Step(2)]", "[Step({|#0:1|})]")}}
            }
            """,
            Verify.Diagnostic("IRL0008").WithLocation(0).WithMessage("Step 'StepB' has order 1, which step 'StepA' already has. Give every step its own order: 1, 2, 3, ..."));
    }

    [Fact]
    public async Task Gap_in_step_orders_is_reported_on_the_workflow_name()
    {
        await Verify.Analyzer($$"""
            namespace Demo;

            [Workflow("demo")]
            public partial class {|#0:Demo|}
            {
            {{Steps(1, 3, 4)}}
            }
            """,
            Verify.Diagnostic("IRL0009").WithLocation(0).WithMessage("The steps of workflow 'demo' must be numbered 1, 2, 3, ... without gaps, but there is no step 2. Renumber the steps."));
    }

    [Fact]
    public async Task Step_order_below_one_is_reported_on_the_order()
    {
        await Verify.Analyzer($$"""
            namespace Demo;

            [Workflow("demo")]
            public partial class Demo
            {
            {{Steps(0, 1).Replace("[Step(0)]", "[Step({|IRL0009:0|})]")}}
            }
            """);
    }

    [Fact]
    public async Task Workflow_without_steps_is_reported()
    {
        await Verify.Analyzer("""
            namespace Demo;

            [Workflow("demo")]
            public partial class {|#0:Demo|}
            {
            }
            """,
            Verify.Diagnostic("IRL0009").WithLocation(0).WithMessage("The steps of workflow 'demo' must be numbered 1, 2, 3, ... without gaps, but it has no [Step] classes. Renumber the steps."));
    }

    [Fact]
    public async Task Consecutive_orders_declared_out_of_order_are_fine()
    {
        await Verify.Analyzer($$"""
            namespace Demo;

            [Workflow("demo")]
            public partial class Demo
            {
            {{Steps(3, 1, 2)}}
            }
            """);
    }

    [Fact]
    public async Task Step_class_that_is_not_partial_is_reported_on_its_name()
    {
        await Verify.Analyzer(Workflows.OneStep("[Step(1)] public sealed class {|#0:Only|} : IStep", ""),
            Verify.Diagnostic("IRL0011").WithLocation(0).WithMessage("Step class 'Only' must be partial so the generator can extend it. Add the 'partial' modifier."));
    }

    [Fact]
    public async Task Step_class_without_IStep_is_reported_on_its_name()
    {
        await Verify.Analyzer(Workflows.OneStep("[Step(1)] public partial class {|#0:Only|}", ""),
            Verify.Diagnostic("IRL0012").WithLocation(0).WithMessage("Step class 'Only' does not implement IStep, so it has nothing to run. Implement IStep and its ExecuteAsync method."));
    }

    [Fact]
    public async Task Step_outside_a_workflow_is_reported_on_the_attribute()
    {
        await Verify.Analyzer("""
            namespace Demo;

            [{|#0:Step(1)|}]
            public partial class Lonely : IStep
            {
                public ValueTask ExecuteAsync(StepContext context, CancellationToken cancellationToken) => ValueTask.CompletedTask;
            }

            public partial class NotAWorkflow
            {
                [{|IRL0013:Step(1)|}]
                public partial class Nested : IStep
                {
                    public ValueTask ExecuteAsync(StepContext context, CancellationToken cancellationToken) => ValueTask.CompletedTask;
                }
            }
            """,
            Verify.Diagnostic("IRL0013").WithLocation(0).WithMessage("'Lonely' has [Step] but is not nested in a [Workflow] class, so no workflow runs it. Move it inside the workflow class it belongs to."));
    }

    [Theory]
    [InlineData("Incident-Approval")]
    [InlineData("../escape")]
    [InlineData("incident approval")]
    [InlineData("incident--approval")]
    [InlineData("-incident")]
    [InlineData("")]
    public async Task Invalid_workflow_name_is_reported_on_the_name(string name)
    {
        await Verify.Analyzer($$"""
            namespace Demo;

            [Workflow({|#0:"{{name}}"|})]
            public partial class Demo
            {
            {{Steps(1)}}
            }
            """,
            Verify.Diagnostic("IRL0014").WithLocation(0).WithMessage($"'{name}' is not a valid workflow name: it is used in file names, so use lowercase letters, digits and single dashes between them (e.g. 'incident-approval')."));
    }

    [Theory]
    [InlineData("incident-approval")]
    [InlineData("nightly-report-2")]
    [InlineData("a")]
    public async Task Valid_workflow_names_are_not_reported(string name)
    {
        await Verify.Analyzer($$"""
            namespace Demo;

            [Workflow("{{name}}")]
            public partial class Demo
            {
            {{Steps(1)}}
            }
            """);
    }

    [Fact]
    public async Task Invalid_explicit_step_name_is_reported()
    {
        await Verify.Analyzer(Workflows.OneStep("[Step(1, Name = {|#0:\"List Incidents\"|})] public partial class Only : IStep", ""),
            Verify.Diagnostic("IRL0014").WithLocation(0).WithMessage("'List Incidents' is not a valid step name: it is used in file names, so use lowercase letters, digits and single dashes between them (e.g. 'incident-approval')."));
    }

    [Fact]
    public async Task Step_with_side_effects_and_no_simulation_is_a_warning_on_the_side_effects()
    {
        // Verify.Diagnostic checks the descriptor's severity, a warning.
        await Verify.Analyzer(Workflows.OneStep("[Step(1, SideEffects = {|#0:\"deletes files\"|})] public partial class Only : IStep", ""),
            Verify.Diagnostic("IRL0016").WithLocation(0).WithMessage("Step 'Only' declares side effects ('deletes files') but does not implement ISimulatedStep, so SIMULATION mode skips it and only uses its estimates. Implement ISimulatedStep.SimulateAsync to produce its outputs without side effects."));
    }

    [Theory]
    [InlineData("SideEffects = \"none\"")]
    [InlineData("SideEffects = \"None\"")]
    [InlineData("SideEffects = \"\"")]
    [InlineData("Component = \"no.side.effects\"")]
    public async Task Step_without_side_effects_needs_no_simulation(string arguments)
    {
        await Verify.Analyzer(Workflows.OneStep($"[Step(1, {arguments})] public partial class Only : IStep", ""));
    }

    [Fact]
    public async Task Step_with_side_effects_and_simulation_is_fine()
    {
        await Verify.Analyzer(Workflows.OneStep(
            "[Step(1, SideEffects = \"deletes files\")] public partial class Only : IStep, ISimulatedStep",
            "        public ValueTask SimulateAsync(StepContext context, CancellationToken cancellationToken) => ValueTask.CompletedTask;"));
    }

    [Fact]
    public async Task Workflow_class_that_is_not_partial_is_reported_on_its_name()
    {
        // The make-partial fix is offered for it (CodeFixTests).
        await Verify.Analyzer($$"""
            namespace Demo;

            [Workflow("demo")]
            public class {|#0:Demo|}
            {
            {{Steps(1)}}
            }
            """,
            Verify.Diagnostic("IRL0018").WithLocation(0).WithMessage("Workflow class 'Demo' must be a top-level, non-generic, non-static partial class so the generator can add its plan and runner. Add the 'partial' modifier."));
    }

    [Fact]
    public async Task Nested_workflow_class_is_reported()
    {
        // Being partial already, it is not offered the make-partial fix (CodeFixTests).
        await Verify.Analyzer($$"""
            namespace Demo;

            public static partial class Outer
            {
                [Workflow("demo")]
                public partial class {|#0:Demo|}
                {
                {{Steps(1)}}
                }
            }
            """,
            Verify.Diagnostic("IRL0018").WithLocation(0).WithMessage("Workflow class 'Demo' must be a top-level, non-generic, non-static partial class so the generator can add its plan and runner. Move it out of 'Outer' to namespace level."));
    }

    [Theory]
    [InlineData("public abstract partial class {|#0:Only|} : IStep", "it is abstract")]
    [InlineData("private partial class {|#0:Only|} : IStep", "it is private")]
    [InlineData("public partial class {|#0:Only|}<T> : IStep", "it is generic")]
    public async Task Step_class_the_runner_cannot_create_is_reported(string header, string reason)
    {
        await Verify.Analyzer(Workflows.OneStep("[Step(1)] " + header, ""),
            Verify.Diagnostic("IRL0022").WithLocation(0).WithMessage($"Step class 'Only' cannot be created by the generated runner: {reason}. Make it a non-abstract, non-generic class, public or internal, with a public or internal parameterless constructor."));
    }

    [Fact]
    public async Task Step_class_with_constructor_injection_is_reported_pointing_to_service_properties()
    {
        await Verify.Analyzer(Workflows.OneStep(
            "[Step(1)] public partial class {|#0:Only|} : IStep",
            "        public Only(string name) => Name = name;\n        public string Name { get; }"),
            Verify.Diagnostic("IRL0022").WithLocation(0).WithMessage("Step class 'Only' cannot be created by the generated runner: it has no public or internal parameterless constructor (to receive services, declare them as [Service] properties instead of constructor parameters). Make it a non-abstract, non-generic class, public or internal, with a public or internal parameterless constructor."));
    }

    [Fact]
    public async Task Step_class_whose_parameterless_constructor_is_private_is_reported_without_the_services_hint()
    {
        await Verify.Analyzer(Workflows.OneStep(
            "[Step(1)] public partial class {|#0:Only|} : IStep",
            "        private Only() { }"),
            Verify.Diagnostic("IRL0022").WithLocation(0).WithMessage("Step class 'Only' cannot be created by the generated runner: it has no public or internal parameterless constructor. Make it a non-abstract, non-generic class, public or internal, with a public or internal parameterless constructor."));
    }

    [Fact]
    public async Task Internal_step_with_an_internal_constructor_is_fine()
    {
        await Verify.Analyzer(Workflows.OneStep("[Step(1)] internal partial class Only : IStep", "        internal Only() { }"));
    }

    [Fact]
    public async Task Properties_the_generated_code_cannot_bind_are_reported()
    {
        await Verify.Analyzer(Workflows.OneStep(
            "[Step(1)] public partial class Only : IStep",
            """
                    [Input("name")] public string {|#0:Guarded|} { get; private set; } = "";
                    [Input("name")] public static string {|IRL0023:Shared|} { get; set; } = "";
                    [Output] public string {|#1:Hidden|} { private get; set; } = "";
                    [Input("name")] public string Initialized { get; init; } = "";
            """,
            """    [Variable] public string Name { get; init; } = "";"""),
            Verify.Diagnostic("IRL0023").WithLocation(0).WithMessage("Input 'Guarded' of step 1 'Only' cannot be bound by the generated code: it has no public or internal setter. Use a public or internal instance property with a setter (set or init)."),
            Verify.Diagnostic("IRL0023").WithLocation(1).WithMessage("Output 'Hidden' of step 'Only' cannot be bound by the generated code: it has no public or internal getter. Use a public or internal instance property with a getter."));
    }

    [Fact]
    public async Task Two_steps_with_the_same_name_are_reported_on_the_second()
    {
        await Verify.Analyzer("""
            namespace Demo;

            [Workflow("demo")]
            public partial class Demo
            {
                [Step(1, Name = "fetch")]
                public partial class FetchOrders : IStep
                {
                    public ValueTask ExecuteAsync(StepContext context, CancellationToken cancellationToken) => ValueTask.CompletedTask;
                }

                [Step(2, Name = {|#0:"fetch"|})]
                public partial class FetchCustomers : IStep
                {
                    public ValueTask ExecuteAsync(StepContext context, CancellationToken cancellationToken) => ValueTask.CompletedTask;
                }

                [Step(3)]
                public partial class Summarize : IStep
                {
                    public ValueTask ExecuteAsync(StepContext context, CancellationToken cancellationToken) => ValueTask.CompletedTask;
                }

                [Step(4, Name = {|IRL0024:"summarize"|})]
                public partial class Report : IStep
                {
                    public ValueTask ExecuteAsync(StepContext context, CancellationToken cancellationToken) => ValueTask.CompletedTask;
                }
            }
            """,
            Verify.Diagnostic("IRL0024").WithLocation(0).WithMessage("Step 'FetchCustomers' is named 'fetch', like step 'FetchOrders': step names identify steps in logs and execution_state.md. Give one of them another Name."));
    }

    [Fact]
    public async Task Default_step_name_that_is_not_a_valid_name_is_reported_on_the_class()
    {
        await Verify.Analyzer(Workflows.OneStep("[Step(1)] public partial class {|IRL0014:Step__Two|} : IStep", ""));
    }
}
