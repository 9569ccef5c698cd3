using IrlExec.Analyzers.Tests.Infrastructure;

namespace IrlExec.Analyzers.Tests;

/// <summary>Correct code gets no diagnostics, and the generator emits for it.</summary>
public class ValidWorkflowTests
{
    [Fact]
    public Task Valid_workflow_has_no_diagnostics() => Verify.Analyzer(Workflows.Valid);

    [Fact]
    public Task Valid_workflow_is_generated_and_the_generated_code_has_no_diagnostics_either() =>
        // The use of the generated members compiles only if they were generated; no error or IRL diagnostic anywhere.
        Verify.Analyzer(Workflows.Valid + """

            public static class Use
            {
                public static WorkflowDefinition Definition => IncidentApproval.Definition;
                public static Task<ExecutionResult> Run(WorkflowRunner runner) =>
                    IncidentApproval.RunAsync(runner, new IncidentApproval { Integration = "crm" });
            }
            """);

    [Fact]
    public Task Compilation_without_IrlExec_is_ignored() =>
        Verify.Run(framework => new IrlExecTest(framework, withIrlExec: false) { TestCode = "class Step { void Resume() { } }" });
}
