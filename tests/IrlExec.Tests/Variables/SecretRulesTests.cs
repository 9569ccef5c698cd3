using IrlExec.Tests.Support;

namespace IrlExec.Tests.Variables;

/// <summary>
/// The rule users can rely on: a secret is masked in everything written, or refused when it is given. A non-empty secret
/// (and each string and number inside one) has at least 4 characters; the error names the variable, never the value.
/// </summary>
public class SecretRulesTests
{
    [Theory]
    [InlineData("a")]
    [InlineData("ab")]
    [InlineData("Zq&")]
    [InlineData("🔑🔑🔑")] // 3 characters, 6 UTF-16 code units
    public void A_secret_variable_shorter_than_4_characters_is_refused_naming_it(string secret)
    {
        var variables = new VariableStore();

        var error = Assert.Throws<ArgumentException>(() => variables.Set("pin", secret, isSecret: true));

        Assert.Contains("'pin'", error.Message, StringComparison.Ordinal);
        Assert.Contains("at least 4 characters", error.Message, StringComparison.Ordinal);
        Assert.False(variables.Contains("pin"));
    }

    [Fact]
    public void The_error_for_a_short_secret_does_not_show_it()
    {
        var error = Assert.Throws<ArgumentException>(() => new VariableStore().Set("pin", "Zq&", isSecret: true));

        Assert.DoesNotContain("Zq&", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Zq&7")]
    [InlineData("🔑🔑🔑🔑")]
    [InlineData("")]
    public void A_secret_of_4_characters_or_an_empty_one_is_accepted(string secret)
    {
        var variables = new VariableStore();

        variables.Set("pin", secret, isSecret: true);

        Assert.True(variables.IsSecret("pin"));
    }

    [Fact]
    public void A_short_secret_given_as_json_or_typed_is_refused()
    {
        var variables = new VariableStore();

        Assert.Throws<ArgumentException>(() => variables.SetJson("pin", "123", isSecret: true));
        Assert.Throws<ArgumentException>(() => variables.Set("pin", 42, JsonTypes.Int32, isSecret: true));
        variables.Set("pin", 4242, JsonTypes.Int32, isSecret: true);
        variables.SetJson("none", "null", isSecret: true);
    }

    [Fact]
    public void A_structured_secret_with_a_short_member_is_refused_naming_the_member()
    {
        var variables = new VariableStore();

        var error = Assert.Throws<ArgumentException>(() => variables.SetJson("credentials", "{\"user\":\"bob\",\"password\":\"long enough\"}", isSecret: true));

        Assert.Contains("'credentials'", error.Message, StringComparison.Ordinal);
        Assert.Contains("$.user", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("bob", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_secret_given_as_invalid_json_is_refused_without_quoting_it()
    {
        var error = Assert.Throws<ArgumentException>(() => new VariableStore().SetJson("token", "{p&ss<w>rd", isSecret: true));

        Assert.DoesNotContain("p&ss", error.Message, StringComparison.Ordinal);
        Assert.Null(error.InnerException);
    }

    [Fact]
    public async Task A_step_that_publishes_a_short_secret_output_fails_for_good_naming_the_output()
    {
        using var root = new TempRoot();
        var workflow = TestWorkflow.Create("short-output",
            StepSpec.Sync("issue", (c, o) => { c.Log("issued " + "x9"); o["pin"] = "x9"; }) with { Outputs = ["pin"], SecretOutputs = ["pin"], MaxAttempts = 3 });

        var result = await WorkflowRunner.ForDirectory(root.Path).RunAsync(workflow);

        var step = Assert.Single(result.State.Steps);
        Assert.Equal(StepStatus.Failed, step.Status);
        Assert.Equal(1, step.Attempts);
        Assert.Contains("The secret 'pin' is 2 characters long", step.LastError, StringComparison.Ordinal);
        Assert.DoesNotContain(result.State.Variables, v => v.Name == "pin");
    }
}
