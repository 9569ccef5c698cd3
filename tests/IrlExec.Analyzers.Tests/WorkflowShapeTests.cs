using IrlExec.Analyzers.Tests.Infrastructure;
using Microsoft.CodeAnalysis;

namespace IrlExec.Analyzers.Tests;

/// <summary>IRL0008, IRL0009, IRL0011-IRL0014, IRL0016, IRL0018: the shape of workflow and step declarations.</summary>
public class WorkflowShapeTests
{
    private const string Execute = "        public ValueTask ExecuteAsync(StepContext context, CancellationToken cancellationToken) => ValueTask.CompletedTask;";

    private static string Message(IReadOnlyList<Diagnostic> diagnostics) =>
        diagnostics.Single().GetMessage(System.Globalization.CultureInfo.InvariantCulture);

    private static string Steps(params int[] orders) => string.Join("\n", orders.Select((order, i) => $$"""
            [Step({{order}})]
            public partial class Step{{(char)('A' + i)}} : IStep
            {
        {{Execute}}
            }
        """));

    [Fact]
    public void Duplicate_step_order_is_reported_on_the_second_steps_order()
    {
        var diagnostics = AnalyzerHarness.Verify($$"""
            namespace Demo;

            [Workflow("demo")]
            public partial class Demo
            {
            {{Steps(1, 2).Replace("[Step(2)]", "[Step({|IRL0008:1|})]")}}
            }
            """);
        Assert.Equal("Step 'StepB' has order 1, which step 'StepA' already has. Give every step its own order: 1, 2, 3, ...", Message(diagnostics));
    }

    [Fact]
    public void Gap_in_step_orders_is_reported_on_the_workflow_name()
    {
        var diagnostics = AnalyzerHarness.Verify($$"""
            namespace Demo;

            [Workflow("demo")]
            public partial class {|IRL0009:Demo|}
            {
            {{Steps(1, 3, 4)}}
            }
            """);
        Assert.Equal("The steps of workflow 'demo' must be numbered 1, 2, 3, ... without gaps, but there is no step 2. Renumber the steps.", Message(diagnostics));
    }

    [Fact]
    public void Step_order_below_one_is_reported_on_the_order()
    {
        AnalyzerHarness.Verify($$"""
            namespace Demo;

            [Workflow("demo")]
            public partial class Demo
            {
            {{Steps(0, 1).Replace("[Step(0)]", "[Step({|IRL0009:0|})]")}}
            }
            """);
    }

    [Fact]
    public void Workflow_without_steps_is_reported()
    {
        var diagnostics = AnalyzerHarness.Verify("""
            namespace Demo;

            [Workflow("demo")]
            public partial class {|IRL0009:Demo|}
            {
            }
            """);
        Assert.Contains("it has no [Step] classes", Message(diagnostics), StringComparison.Ordinal);
    }

    [Fact]
    public void Consecutive_orders_declared_out_of_order_are_fine()
    {
        AnalyzerHarness.Verify($$"""
            namespace Demo;

            [Workflow("demo")]
            public partial class Demo
            {
            {{Steps(3, 1, 2)}}
            }
            """);
    }

    [Fact]
    public void Step_class_that_is_not_partial_is_reported_on_its_name()
    {
        var diagnostics = AnalyzerHarness.Verify(Workflows.OneStep("[Step(1)] public sealed class {|IRL0011:Only|} : IStep", ""));
        Assert.Equal("Step class 'Only' must be partial so the generator can extend it. Add the 'partial' modifier.", Message(diagnostics));
    }

    [Fact]
    public void Step_class_without_IStep_is_reported_on_its_name()
    {
        var diagnostics = AnalyzerHarness.Verify(Workflows.OneStep("[Step(1)] public partial class {|IRL0012:Only|}", ""));
        Assert.Equal("Step class 'Only' does not implement IStep, so it has nothing to run. Implement IStep and its ExecuteAsync method.", Message(diagnostics));
    }

    [Fact]
    public void Step_outside_a_workflow_is_reported_on_the_attribute()
    {
        var diagnostics = AnalyzerHarness.Verify("""
            namespace Demo;

            [{|IRL0013:Step(1)|}]
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
            """);
        Assert.Equal("'Lonely' has [Step] but is not nested in a [Workflow] class, so no workflow runs it. Move it inside the workflow class it belongs to.",
            diagnostics[0].GetMessage(System.Globalization.CultureInfo.InvariantCulture));
    }

    [Theory]
    [InlineData("Incident-Approval")]
    [InlineData("../escape")]
    [InlineData("incident approval")]
    [InlineData("incident--approval")]
    [InlineData("-incident")]
    [InlineData("")]
    public void Invalid_workflow_name_is_reported_on_the_name(string name)
    {
        var diagnostics = AnalyzerHarness.Verify($$"""
            namespace Demo;

            [Workflow({|IRL0014:"{{name}}"|})]
            public partial class Demo
            {
            {{Steps(1)}}
            }
            """);
        Assert.Equal($"'{name}' is not a valid workflow name: it is used in file names, so use lowercase letters, digits and single dashes between them (e.g. 'incident-approval').", Message(diagnostics));
    }

    [Theory]
    [InlineData("incident-approval")]
    [InlineData("nightly-report-2")]
    [InlineData("a")]
    public void Valid_workflow_names_are_not_reported(string name)
    {
        AnalyzerHarness.Verify($$"""
            namespace Demo;

            [Workflow("{{name}}")]
            public partial class Demo
            {
            {{Steps(1)}}
            }
            """);
    }

    [Fact]
    public void Invalid_explicit_step_name_is_reported()
    {
        var diagnostics = AnalyzerHarness.Verify(Workflows.OneStep("[Step(1, Name = {|IRL0014:\"List Incidents\"|})] public partial class Only : IStep", ""));
        Assert.Contains("is not a valid step name", Message(diagnostics), StringComparison.Ordinal);
    }

    [Fact]
    public void Step_with_side_effects_and_no_simulation_is_a_warning_on_the_side_effects()
    {
        var diagnostics = AnalyzerHarness.Verify(Workflows.OneStep("[Step(1, SideEffects = {|IRL0016:\"deletes files\"|})] public partial class Only : IStep", ""));
        Assert.Equal(DiagnosticSeverity.Warning, diagnostics.Single().Severity);
        Assert.Equal("Step 'Only' declares side effects ('deletes files') but does not implement ISimulatedStep, so SIMULATION mode skips it and only uses its estimates. Implement ISimulatedStep.SimulateAsync to produce its outputs without side effects.", Message(diagnostics));
    }

    [Theory]
    [InlineData("SideEffects = \"none\"")]
    [InlineData("SideEffects = \"None\"")]
    [InlineData("SideEffects = \"\"")]
    [InlineData("Component = \"no.side.effects\"")]
    public void Step_without_side_effects_needs_no_simulation(string arguments)
    {
        AnalyzerHarness.Verify(Workflows.OneStep($"[Step(1, {arguments})] public partial class Only : IStep", ""));
    }

    [Fact]
    public void Step_with_side_effects_and_simulation_is_fine()
    {
        AnalyzerHarness.Verify(Workflows.OneStep(
            "[Step(1, SideEffects = \"deletes files\")] public partial class Only : IStep, ISimulatedStep",
            "        public ValueTask SimulateAsync(StepContext context, CancellationToken cancellationToken) => ValueTask.CompletedTask;"));
    }

    [Fact]
    public void Workflow_class_that_is_not_partial_is_reported_on_its_name()
    {
        var diagnostics = AnalyzerHarness.Verify($$"""
            namespace Demo;

            [Workflow("demo")]
            public class {|IRL0018:Demo|}
            {
            {{Steps(1)}}
            }
            """);
        Assert.Equal("Workflow class 'Demo' must be a top-level, non-generic, non-static partial class so the generator can add its plan and runner. Add the 'partial' modifier.", Message(diagnostics));
        Assert.Equal("true", diagnostics.Single().Properties["AddPartial"]);
    }

    [Fact]
    public void Nested_workflow_class_is_reported()
    {
        var diagnostics = AnalyzerHarness.Verify($$"""
            namespace Demo;

            public static partial class Outer
            {
                [Workflow("demo")]
                public partial class {|IRL0018:Demo|}
                {
                {{Steps(1)}}
                }
            }
            """);
        Assert.EndsWith("Move it out of 'Outer' to namespace level.", Message(diagnostics), StringComparison.Ordinal);
        Assert.Equal("false", diagnostics.Single().Properties["AddPartial"]);
    }
}
