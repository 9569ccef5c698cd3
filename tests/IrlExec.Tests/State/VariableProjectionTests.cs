namespace IrlExec.Tests.State;

/// <summary>How <c>VariableSet</c> records fold into <see cref="ExecutionState.Variables"/>.</summary>
public class VariableProjectionTests
{
    private static ExecutionEvent Set(string name, string json) => new() { Kind = ExecutionEventKind.VariableSet, Name = name, Value = json };

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
