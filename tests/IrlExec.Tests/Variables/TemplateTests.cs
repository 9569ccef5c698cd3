namespace IrlExec.Tests.Variables;

public class TemplateTests
{
    [Fact]
    public void Renders_variables_into_literal_text()
    {
        var variables = new VariableStore();
        variables.Set("integration", "finance");
        Assert.Equal("workspace/finance/out.txt", variables.Render("workspace/{{integration}}/out.txt"));
    }

    [Fact]
    public void Renders_non_string_values_as_json()
    {
        var variables = new VariableStore();
        variables.Set("count", 12, JsonTypes.Int32);
        variables.Set("names", ["a", "b"], JsonTypes.StringList);
        Assert.Equal("12 items: [\"a\",\"b\"]", variables.Render("{{count}} items: {{ names }}"));
    }

    [Fact]
    public void Unknown_variable_fails_with_its_name_and_the_known_names()
    {
        var variables = new VariableStore();
        variables.Set("incidents", "[]");
        var error = Assert.Throws<UnknownVariableException>(() => variables.Render("{{incidnets}}"));
        Assert.Equal("incidnets", error.VariableName);
        Assert.Contains("{{incidnets}}", error.Message);
        Assert.Contains("incidents", error.Message);
    }

    [Theory]
    [InlineData("{{unclosed", "no matching")]
    [InlineData("closed}} only", "no matching")]
    [InlineData("{{}}", "Empty variable name")]
    [InlineData("{{ }}", "Empty variable name")]
    [InlineData("{{Bad-Name}}", "not a valid variable name")]
    [InlineData("{{a{{b}}", "no matching")]
    public void Malformed_templates_fail_saying_what_is_wrong(string template, string expected)
    {
        var error = Assert.Throws<TemplateFormatException>(() => new VariableStore().Render(template));
        Assert.Contains(expected, error.Message);
        Assert.Equal(template, error.Template);
    }

    [Fact]
    public void Referenced_names_are_listed_once_in_order()
    {
        Assert.Equal(["a", "b"], TemplateParser.ReferencedNames("{{a}}/{{b}}/{{a}}"));
    }
}
