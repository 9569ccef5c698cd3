using IrlExec.Generators.Tests.Binding;
using IrlExec.Generators.Tests.Infrastructure;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace IrlExec.Generators.Tests;

/// <summary>
/// A workflow class whose own members have the names the generator uses: the generated source never clashes with them
/// (no CS0102/CS0111/CS0082 in a file the user cannot see). A public generated member the user's class declares is left
/// out (IRL0026 says so on the user's member), the rest is generated and works; private generated names move aside.
/// </summary>
public sealed class GeneratedNameTests
{
    private const string Execute = "public ValueTask ExecuteAsync(StepContext context, CancellationToken cancellationToken) => ValueTask.CompletedTask;";

    private static string Workflow(string members, string step = "Greet") => $$$"""
        using System.Threading;
        using System.Threading.Tasks;
        using IrlExec;

        namespace Demo;

        [Workflow("onboarding", Goal = "Onboard {{customer}}")]
        public partial class Onboarding
        {
            [Variable] public required string Customer { get; init; }
        {{{members}}}

            [Step(1)]
            public partial class {{{step}}} : IStep
            {
                [Input] public string Customer { get; set; } = "";
                [Output] public string Greeting { get; set; } = "";
                {{{Execute}}}
            }
        }
        """;

    /// <summary>Every public generated member, claimed by a user member of every kind that clashes with it.</summary>
    public static TheoryData<string, string> ClashingMembers() => new()
    {
        { "Plan", "[Variable] public required string Plan { get; init; }" },
        { "Plan", "[Variable(\"plan_text\")] public string Plan { get; init; } = \"\";" },
        { "Plan", "public static int Plan;" },
        { "Plan", "public void Plan() { }" },
        { "Plan", "public class Plan { }" },
        { "Plan", "public int get_Plan() => 0;" },
        { "Definition", "[Variable] public string Definition { get; init; } = \"\";" },
        { "Definition", "public static string Definition() => \"\";" },
        { "Definition", "public event System.EventHandler? Definition { add { } remove { } }" },
        { "Definition", "public static string get_Definition() => \"\";" },
        { "ToVariables", "public VariableStore ToVariables() => new();" },
        { "ToVariables", "public static string ToVariables() => \"\";" },
        { "ToVariables", "[Variable] public string ToVariables { get; init; } = \"\";" },
        { "RunAsync", "public static Task<ExecutionResult> RunAsync(WorkflowRunner runner, Onboarding variables, RunOptions? options, CancellationToken cancellationToken) => Task.FromResult<ExecutionResult>(null!);" },
        { "RunAsync", "[Variable] public string RunAsync { get; init; } = \"\";" },
        { "RunAsync", "public class RunAsync { }" },
        { "SimulateAsync", "public Task<int> SimulateAsync(WorkflowRunner runner, Onboarding? other, RunOptions options, CancellationToken token) => Task.FromResult(0);" },
        { "SimulateAsync", "public int SimulateAsync;" },
        { "ResumeAsync", "public static void ResumeAsync(WorkflowRunner r, string id, Onboarding? v, RunOptions? o, CancellationToken c) { }" },
        { "ResumeAsync", "public delegate void ResumeAsync();" },
        { "State", "[Variable] public string State { get; init; } = \"\";" },
        { "State", "public enum State { Open, Closed }" },
        { "Changes", "public int Changes() => 0;" },
        { "Changes", "public record Changes(string Text);" },
    };

    [Theory]
    [MemberData(nameof(ClashingMembers))]
    public void A_member_with_a_public_generated_name_leaves_that_member_out_and_the_rest_compiles_cleanly(string claimed, string member)
    {
        var (result, output) = GeneratorHarness.Run(Workflow(member));

        GeneratorHarness.AssertCompilesCleanly(output);
        var generated = GeneratedMemberNames(result, "Demo.Onboarding.g.cs");
        Assert.DoesNotContain(claimed, generated);
        foreach (var other in PublicNames.Where(n => n != claimed)) Assert.Contains(other, generated);
        // The catalog still lists the workflow (through a private name when the user took "Definition").
        var catalog = result.GeneratedSources.Single(s => s.HintName == "IrlExec.WorkflowCatalog.g.cs").SourceText.ToString();
        Assert.Contains(claimed == "Definition" ? "global::Demo.Onboarding.IrlExecDefinition," : "global::Demo.Onboarding.Definition,", catalog);
    }

    public static TheoryData<string> Overloads() => new()
    {
        "public static Task<ExecutionResult> RunAsync(WorkflowRunner runner, string customer) => RunAsync(runner, new Onboarding { Customer = customer });",
        "public static Task<ExecutionResult> SimulateAsync(WorkflowRunner runner) => SimulateAsync(runner, new Onboarding { Customer = \"sim\" });",
        "public static Task<ExecutionResult> ResumeAsync(WorkflowRunner runner, string executionId, string approvedBy) => ResumeAsync(runner, executionId);",
        "public VariableStore ToVariables(bool withSecrets) => ToVariables();",
        "public VariableStore ToVariables<T>() => ToVariables();",
    };

    [Theory]
    [MemberData(nameof(Overloads))]
    public void An_overload_of_a_generated_method_is_not_a_clash_and_everything_is_generated(string member)
    {
        var (result, output) = GeneratorHarness.Run(Workflow(member));

        GeneratorHarness.AssertCompilesCleanly(output);
        var generated = GeneratedMemberNames(result, "Demo.Onboarding.g.cs");
        foreach (var name in PublicNames) Assert.Contains(name, generated);
    }

    public static TheoryData<string> PrivateNameMembers() => new()
    {
        "public static int IrlExecVariableNames;",
        "public class IrlExecJson { }",
        "public class IrlExecGreetDefinition { }",
        "public int IrlExecPlan => 1;",
        "private static string IrlExecDefinition = \"\"; [Variable] public string Plan { get; init; } = IrlExecDefinition;",
        "public void IrlExecNotGenerated() { }",
    };

    [Theory]
    [MemberData(nameof(PrivateNameMembers))]
    public void Members_named_like_private_generated_members_move_those_aside(string member)
    {
        var json = """
            using System;
            using System.Text.Json;
            using System.Text.Json.Serialization;
            using System.Text.Json.Serialization.Metadata;
            namespace Demo;
            public sealed class DemoJson : JsonSerializerContext
            {
                public DemoJson() : base(null) { }
                public static DemoJson Default { get; } = new();
                protected override JsonSerializerOptions? GeneratedSerializerOptions => null;
                public override JsonTypeInfo? GetTypeInfo(Type type) => null;
            }
            """;
        // An int? output: the JSON accessors class is generated too.
        var source = Workflow(member).Replace("Goal = \"Onboard {{customer}}\"", "Goal = \"Onboard {{customer}}\", JsonContext = typeof(DemoJson)")
            .Replace("[Output] public string Greeting { get; set; } = \"\";", "[Output] public string Greeting { get; set; } = \"\"; [Output] public int? Score { get; set; }");
        var (result, output) = GeneratorHarness.Run(json, source);

        GeneratorHarness.AssertCompilesCleanly(output);
        var text = result.GeneratedSources.Single(s => s.HintName == "Demo.Onboarding.g.cs").SourceText.ToString();
        Assert.Contains("IrlExec_VariableNames", text);
        Assert.Contains("class IrlExec_Json", text);
        Assert.Contains("class IrlExec_GreetDefinition", text);
    }

    [Fact]
    public void A_step_class_named_like_a_generated_member_is_generated_and_compiles_cleanly()
    {
        var (result, output) = GeneratorHarness.Run(Workflow("", step: "Plan"));

        GeneratorHarness.AssertCompilesCleanly(output);
        var text = result.GeneratedSources.Single(s => s.HintName == "Demo.Onboarding.g.cs").SourceText.ToString();
        Assert.Contains("private sealed class IrlExecPlanDefinition", text);
        Assert.Contains("private static global::IrlExec.WorkflowPlan IrlExecPlan { get; }", text);
    }

    [Fact]
    public void Members_the_generated_ones_hide_in_a_base_class_are_hidden_with_new()
    {
        var source = Workflow("").Replace("public partial class Onboarding", "public partial class Onboarding : OnboardingBase") + """

            public abstract class OnboardingBase
            {
                public static string Plan => "base";
                protected object? Definition;
                public virtual VariableStore ToVariables() => new();
                public static Task<ExecutionResult> RunAsync(WorkflowRunner runner, Onboarding variables, RunOptions? options, CancellationToken token) => Task.FromResult<ExecutionResult>(null!);
                public static void SimulateAsync(string overload) { }
                private static void ResumeAsync() { }
            }
            """;
        var (result, output) = GeneratorHarness.Run(source);

        GeneratorHarness.AssertCompilesCleanly(output); // CS0108/CS0114 are warnings: errors here
        var text = result.GeneratedSources.Single(s => s.HintName == "Demo.Onboarding.g.cs").SourceText.ToString();
        Assert.Contains("public static new global::IrlExec.WorkflowPlan Plan", text);
        Assert.Contains("public static new global::IrlExec.WorkflowDefinition Definition", text);
        Assert.Contains("public new global::IrlExec.VariableStore ToVariables()", text);
        Assert.Contains("public static new global::System.Threading.Tasks.Task<global::IrlExec.ExecutionResult> RunAsync(", text);
        Assert.Contains("public static global::System.Threading.Tasks.Task<global::IrlExec.ExecutionResult> SimulateAsync(", text); // an overload hides nothing
        Assert.Contains("public static global::System.Threading.Tasks.Task<global::IrlExec.ExecutionResult> ResumeAsync(", text); // private: not inherited
    }

    [Fact]
    public void A_workflow_derived_from_a_workflow_of_the_same_compilation_compiles_cleanly()
    {
        var source = Workflow("") + """

            [Workflow("vip-onboarding")]
            public partial class VipOnboarding : Onboarding
            {
                [Step(1)]
                public partial class Welcome : IStep
                {
                    public ValueTask ExecuteAsync(StepContext context, CancellationToken cancellationToken) => ValueTask.CompletedTask;
                }
            }
            """;
        var (result, output) = GeneratorHarness.Run(source);

        GeneratorHarness.AssertCompilesCleanly(output);
        var text = result.GeneratedSources.Single(s => s.HintName == "Demo.VipOnboarding.g.cs").SourceText.ToString();
        Assert.Contains("public static new global::IrlExec.WorkflowPlan Plan", text);
        Assert.Contains("public new global::IrlExec.VariableStore ToVariables()", text);
    }

    private static readonly string[] PublicNames = ["Plan", "Definition", "ToVariables", "RunAsync", "SimulateAsync", "ResumeAsync", "State", "Changes"];

    /// <summary>The names of the members the generated source declares directly in the workflow class.</summary>
    private static List<string> GeneratedMemberNames(GeneratorRunResult result, string hintName)
    {
        var tree = result.GeneratedSources.Single(s => s.HintName == hintName).SyntaxTree;
        var type = tree.GetRoot().DescendantNodes().OfType<ClassDeclarationSyntax>().First();
        return type.Members.Select(m => m switch
        {
            // An explicit interface implementation (IWorkflow<T>.Definition) is no member of that name.
            PropertyDeclarationSyntax { ExplicitInterfaceSpecifier: not null } => "",
            MethodDeclarationSyntax { ExplicitInterfaceSpecifier: not null } => "",
            PropertyDeclarationSyntax p => p.Identifier.ValueText,
            MethodDeclarationSyntax method => method.Identifier.ValueText,
            BaseTypeDeclarationSyntax t => t.Identifier.ValueText,
            FieldDeclarationSyntax f => f.Declaration.Variables[0].Identifier.ValueText,
            _ => "",
        }).ToList();
    }
}

/// <summary>The workflow of Binding/PlanVariableWorkflow.cs, built by the real generator: a variable named Plan runs.</summary>
public sealed class PlanVariableRunTests
{
    [Fact]
    public async Task A_variable_property_named_Plan_is_bound_and_the_rest_of_the_generated_api_works()
    {
        var runner = new WorkflowRunner(new InMemoryExecutionStore());

        var result = await PlanVariableWorkflow.RunAsync(runner, new PlanVariableWorkflow { Plan = "the migration" });

        Assert.True(result.Succeeded, result.Reason);
        Assert.Equal("\"followed the migration\"", result.State.Variables.Single(v => v.Name == "followed").Json);
        Assert.Equal("Carry out the migration", result.State.Goal);
        Assert.Equal("plan-variable", PlanVariableWorkflow.Definition.Plan.Name);
        Assert.Equal("plan", PlanVariableWorkflow.Definition.Plan.Variables.Single().Name);
    }
}
