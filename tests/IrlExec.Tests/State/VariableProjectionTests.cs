namespace IrlExec.Tests.State;

/// <summary>How <c>VariableSet</c> records fold into <see cref="ExecutionState.Variables"/>.</summary>
public class VariableProjectionTests
{
    private static ExecutionEvent Set(string name, string json, bool? isSecret = null) => new() { Kind = ExecutionEventKind.VariableSet, Name = name, Value = json, IsSecret = isSecret };

    private static string[] Shown(ExecutionState state) => [.. state.Variables.Select(v => $"{v.Name}={v.Json}|{v.IsSecret}")];

    // New names, values set again longer, shorter, empty and null, secrets set and unset, and enough text to compact
    // the packed values several times.
    private static List<ExecutionEvent> Records()
    {
        var records = new List<ExecutionEvent>();
        for (var i = 0; i < 3000; i++)
        {
            records.Add(Set("v" + (i % 700), (i % 11) switch
            {
                0 => "",
                1 => "\"" + new string('x', i % 97) + "\"",
                2 => "\"***\"",
                _ => (i * 37).ToString(System.Globalization.CultureInfo.InvariantCulture),
            }, (i % 11) switch { 2 => true, 3 => false, _ => null }));
            if (i % 500 == 0) records.Add(new ExecutionEvent { Kind = ExecutionEventKind.VariableSet, Name = "no_value" });
        }
        return records;
    }

    [Fact]
    public void Variables_read_only_at_the_end_equal_variables_read_after_every_record()
    {
        var readAlways = new ExecutionState();
        var readAtEnd = new ExecutionState();
        foreach (var record in Records())
        {
            ExecutionStateProjector.Apply(readAlways, record);
            _ = readAlways.Variables;
            ExecutionStateProjector.Apply(readAtEnd, record);
        }

        Assert.Equal(701, readAtEnd.Variables.Count);
        Assert.Equal(Shown(readAlways), Shown(readAtEnd));
        Assert.Equal("null", readAtEnd.Variables.Single(v => v.Name == "no_value").Json);
    }

    [Fact]
    public void A_variables_list_read_once_shows_every_later_value_and_keeps_changes_made_to_it()
    {
        var records = Records();
        var state = new ExecutionState();
        foreach (var record in records.Take(1000)) ExecutionStateProjector.Apply(state, record);
        var held = state.Variables;
        held[0].Json = "\"changed by hand\"";
        foreach (var record in records.Skip(1000)) ExecutionStateProjector.Apply(state, record);

        var expected = ExecutionStateProjector.Replay(records);
        Assert.Same(held, state.Variables);
        Assert.Equal(Shown(expected), Shown(state));
    }

    [Fact]
    public void A_variables_list_set_before_any_read_replaces_the_packed_values()
    {
        var state = new ExecutionState();
        foreach (var record in Records().Take(50)) ExecutionStateProjector.Apply(state, record);
        state.Variables = [new VariableState { Name = "only", Json = "1" }];

        ExecutionStateProjector.Apply(state, Set("v1", "2"));

        Assert.Equal(["only=1|False", "v1=2|False"], Shown(state));
    }

    [Fact]
    public void Variables_keep_the_order_they_were_first_set_in_and_their_last_value()
    {
        var state = new ExecutionState();
        for (var i = 0; i < 500; i++) ExecutionStateProjector.Apply(state, Set("v" + i, i.ToString(System.Globalization.CultureInfo.InvariantCulture)));
        for (var i = 0; i < 500; i += 7) ExecutionStateProjector.Apply(state, Set("v" + i, "\"again\""));

        Assert.Equal(Enumerable.Range(0, 500).Select(i => "v" + i), state.Variables.Select(v => v.Name));
        Assert.Equal("\"again\"", state.Variables[7].Json);
        Assert.Equal("8", state.Variables[8].Json);
    }

    [Fact]
    public void A_variables_list_replaced_from_outside_is_the_one_updated()
    {
        var state = new ExecutionState();
        ExecutionStateProjector.Apply(state, Set("a", "1"));
        state.Variables = [new VariableState { Name = "b", Json = "2" }];

        ExecutionStateProjector.Apply(state, Set("b", "3"));
        ExecutionStateProjector.Apply(state, Set("a", "4"));

        Assert.Equal(["b", "a"], state.Variables.Select(v => v.Name));
        Assert.Equal(["3", "4"], state.Variables.Select(v => v.Json));
    }

    [Fact]
    public void A_variable_added_or_renamed_from_outside_is_found_by_its_new_name()
    {
        var state = new ExecutionState();
        ExecutionStateProjector.Apply(state, Set("a", "1"));
        state.Variables.Add(new VariableState { Name = "c", Json = "5" });
        state.Variables[0].Name = "renamed";

        ExecutionStateProjector.Apply(state, Set("c", "6"));
        ExecutionStateProjector.Apply(state, Set("renamed", "7"));
        ExecutionStateProjector.Apply(state, Set("a", "8"));

        Assert.Equal(["renamed", "c", "a"], state.Variables.Select(v => v.Name));
        Assert.Equal(["7", "6", "8"], state.Variables.Select(v => v.Json));
    }
}
