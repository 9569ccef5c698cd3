using System.Text.Json.Serialization;

namespace IrlExec.Tests.Variables;

public record Incident(string Id, string Integration, int Severity);

[JsonSerializable(typeof(Incident))]
[JsonSerializable(typeof(List<Incident>))]
public partial class TestJsonContext : JsonSerializerContext;

public class VariableStoreTests
{
    [Fact]
    public void Typed_value_reads_back_as_the_same_instance()
    {
        var incidents = new List<Incident> { new("i-1", "finance", 2) };
        var variables = new VariableStore();
        variables.Set("incidents", incidents, TestJsonContext.Default.ListIncident);
        Assert.Same(incidents, variables.Get("incidents", TestJsonContext.Default.ListIncident));
    }

    [Fact]
    public void Json_value_reads_back_typed()
    {
        var variables = new VariableStore();
        variables.SetJson("incidents", """[{"Id":"i-1","Integration":"finance","Severity":2}]""");
        var incidents = variables.Get("incidents", TestJsonContext.Default.ListIncident);
        Assert.Equal([new Incident("i-1", "finance", 2)], incidents);
    }

    [Fact]
    public void Typed_value_serializes_to_json_for_persistence()
    {
        var variables = new VariableStore();
        variables.Set("when", new DateTimeOffset(2026, 2, 8, 0, 47, 25, TimeSpan.Zero), JsonTypes.DateTimeOffset);
        Assert.Equal("\"2026-02-08T00:47:25+00:00\"", variables.GetJson("when"));
    }

    [Fact]
    public void Reading_json_as_the_wrong_type_names_the_variable()
    {
        var variables = new VariableStore();
        variables.SetJson("count", "\"twelve\"");
        var error = Assert.Throws<VariableTypeException>(() => variables.Get("count", JsonTypes.Int32));
        Assert.Equal("count", error.VariableName);
    }

    [Fact]
    public void Invalid_variable_names_are_refused()
    {
        var error = Assert.Throws<ArgumentException>(() => new VariableStore().Set("../x", "v"));
        Assert.Contains("../x", error.Message);
    }

    [Fact]
    public void Invalid_json_is_refused_with_the_variable_name()
    {
        var error = Assert.Throws<ArgumentException>(() => new VariableStore().SetJson("x", "{not json"));
        Assert.Contains("'x'", error.Message);
    }

    [Fact]
    public void Unknown_variable_read_throws_with_its_name()
    {
        var error = Assert.Throws<UnknownVariableException>(() => new VariableStore().GetString("missing"));
        Assert.Equal("missing", error.VariableName);
    }

    [Theory]
    [InlineData("\"plain\"", "plain")]
    [InlineData("  \"spaced \\u0041\"", "spaced A")]
    [InlineData("42", "42")]
    [InlineData("true", "true")]
    [InlineData("null", "null")]
    [InlineData("{\"a\":1}", "{\"a\":1}")]
    [InlineData(" [1, 2]", " [1, 2]")]
    public void GetString_gives_a_json_string_decoded_and_any_other_value_as_its_json(string json, string expected)
    {
        var variables = new VariableStore();
        variables.SetJson("x", json);
        Assert.Equal(expected, variables.GetString("x"));
    }

    [Fact]
    public void Rendering_a_template_gives_typed_values_as_text()
    {
        var variables = new VariableStore();
        variables.Set("count", 7, JsonTypes.Int32);
        variables.Set("when", new DateTime(2026, 12, 6, 0, 0, 0, DateTimeKind.Utc), JsonTypes.DateTime);
        Assert.Equal("7 at 2026-12-06T00:00:00Z", variables.Render("{{count}} at {{when}}"));
    }
}
