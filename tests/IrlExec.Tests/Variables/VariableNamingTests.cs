namespace IrlExec.Tests.Variables;

public class VariableNamingTests
{
    [Theory]
    [InlineData("Integration", "integration")]
    [InlineData("FilePath", "file_path")]
    [InlineData("HTTPStatusCode", "http_status_code")]
    [InlineData("Step2Output", "step2_output")]
    [InlineData("already_snake", "already_snake")]
    [InlineData("IOError", "io_error")]
    public void Property_names_become_snake_case(string property, string expected)
    {
        Assert.Equal(expected, VariableNaming.ToSnakeCase(property));
    }

    [Theory]
    [InlineData("file_path", true)]
    [InlineData("a1", true)]
    [InlineData("", false)]
    [InlineData("1abc", false)]
    [InlineData("FilePath", false)]
    [InlineData("file-path", false)]
    [InlineData("../x", false)]
    public void Variable_names_must_be_snake_case(string name, bool valid)
    {
        Assert.Equal(valid, VariableNaming.IsValidVariableName(name));
    }

    [Theory]
    [InlineData("incident-approval", true)]
    [InlineData("deploy", true)]
    [InlineData("health-check-2", true)]
    [InlineData("../etc", false)]
    [InlineData("a/b", false)]
    [InlineData("a\\b", false)]
    [InlineData("Deploy", false)]
    [InlineData("-deploy", false)]
    [InlineData("deploy--x", false)]
    [InlineData("", false)]
    public void Workflow_names_must_be_file_safe(string name, bool valid)
    {
        Assert.Equal(valid, VariableNaming.IsValidWorkflowName(name));
    }
}
