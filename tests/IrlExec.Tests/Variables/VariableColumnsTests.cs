namespace IrlExec.Tests.Variables;

/// <summary>
/// The store keeps values in one column per contract and reuses the rows of variables that changed type: whatever the
/// order of sets, type changes, secrecy changes and clears, each variable reads back what was last set.
/// </summary>
public class VariableColumnsTests
{
    private static readonly VariableNameTable Table = new(Enumerable.Range(0, 40).Select(i => "name_" + i).ToArray());

    [Fact]
    public void Variables_retyped_reset_and_cleared_in_any_order_read_back_what_was_last_set()
    {
        var random = new Random(27);
        var store = new VariableStore();
        var model = new Dictionary<string, (string Json, bool IsSecret)>(StringComparer.Ordinal);
        for (var operation = 0; operation < 20_000; operation++)
        {
            var name = "name_" + random.Next(60); // some beyond the table: read by name only
            var secret = random.Next(5) == 0;
            var number = 1000 + random.Next(100_000); // a secret number needs 4 digits
            switch (random.Next(12))
            {
                case 0 or 1 or 2:
                    store.Set(name, number, JsonTypes.Int32, secret);
                    model[name] = (number.ToString(System.Globalization.CultureInfo.InvariantCulture), secret);
                    break;
                case 3 or 4:
                    store.Set(name, "text-" + number, secret);
                    model[name] = ("\"text-" + number + "\"", secret);
                    break;
                case 5:
                    store.Set(name, (long)number * 10_000_000, JsonTypes.Int64, secret);
                    model[name] = (((long)number * 10_000_000).ToString(System.Globalization.CultureInfo.InvariantCulture), secret);
                    break;
                case 6 or 7:
                    store.SetJson(name, "[" + number + "]", secret);
                    model[name] = ("[" + number + "]", secret);
                    break;
                case 8:
                    store.SetJson(name, number.ToString(System.Globalization.CultureInfo.InvariantCulture), secret);
                    model[name] = (number.ToString(System.Globalization.CultureInfo.InvariantCulture), secret);
                    if (random.Next(2) == 0) Assert.Equal(number, store.Get(name, JsonTypes.Int32)); // moves it to the int column
                    break;
                case 9:
                    if (model.ContainsKey(name) && model[name].Json.StartsWith('"'))
                    {
                        Assert.Equal(model[name].Json[1..^1], store.Get(name, JsonTypes.String)); // a string held as JSON
                    }
                    break;
                case 10:
                    var index = random.Next(Table.Count);
                    if (model.TryGetValue(Table[index], out var held))
                    {
                        Assert.Equal(held.Json.Trim('"'), store.GetStringAt(Table, index));
                    }
                    else
                    {
                        Assert.Throws<UnknownVariableException>(() => store.GetStringAt(Table, index));
                    }
                    break;
                default:
                    if (random.Next(40) == 0)
                    {
                        store.Clear();
                        model.Clear();
                    }
                    break;
            }
            if (operation % 500 == 0) AssertSame(model, store);
        }
        AssertSame(model, store);
    }

    [Fact]
    public void A_variable_set_again_with_the_same_type_takes_the_secrecy_of_the_last_set()
    {
        var store = new VariableStore();
        store.Set("token", "abcd-1234", isSecret: true);
        store.Set("token", "public-value");

        Assert.False(store.IsSecret("token"));
        Assert.Equal("public-value", store.GetString("token"));
    }

    [Fact]
    public void Reads_by_position_after_clear_find_the_names_set_again_in_another_order()
    {
        var store = new VariableStore();
        store.Set("name_0", 1, JsonTypes.Int32);
        store.Set("name_1", 2, JsonTypes.Int32);
        Assert.Equal(1, store.GetAt(Table, 0, JsonTypes.Int32));
        Assert.Equal(2, store.GetAt(Table, 1, JsonTypes.Int32));

        store.Clear();
        store.Set("name_1", 20, JsonTypes.Int32);
        store.Set("name_0", 10, JsonTypes.Int32);

        Assert.Equal(10, store.GetAt(Table, 0, JsonTypes.Int32));
        Assert.Equal(20, store.GetAt(Table, 1, JsonTypes.Int32));
    }

    [Fact]
    public void A_variable_that_changed_type_gives_its_row_to_the_next_variable_without_changing_either()
    {
        var store = new VariableStore();
        store.Set("first", 1, JsonTypes.Int32);
        store.Set("first", "one");          // the int row of "first" is free now
        store.Set("second", 2, JsonTypes.Int32); // takes it
        store.Set("third", 3, JsonTypes.Int32);

        Assert.Equal("one", store.GetString("first"));
        Assert.Equal(2, store.Get("second", JsonTypes.Int32));
        Assert.Equal(3, store.Get("third", JsonTypes.Int32));
    }

    [Fact]
    public void Room_reserved_for_more_variables_keeps_the_ones_already_set()
    {
        var store = new VariableStore();
        store.Set("first", 1, JsonTypes.Int32);
        store.Set("second", "two");

        store.Reserve(500);
        for (var i = 0; i < 500; i++) store.Set("value_" + i, i, JsonTypes.Int32);

        Assert.Equal(1, store.Get("first", JsonTypes.Int32));
        Assert.Equal("two", store.GetString("second"));
        Assert.Equal(Enumerable.Range(0, 500), Enumerable.Range(0, 500).Select(i => store.Get("value_" + i, JsonTypes.Int32)));
    }

    private static void AssertSame(Dictionary<string, (string Json, bool IsSecret)> model, VariableStore store)
    {
        Assert.Equal(model.Keys.Order(StringComparer.Ordinal), store.Names.Order(StringComparer.Ordinal));
        Assert.Equal(model.Count, store.Count);
        foreach (var (name, (json, isSecret)) in model)
        {
            Assert.Equal(json, store.GetJson(name));
            Assert.Equal(isSecret, store.IsSecret(name));
        }
        // What a run copies from a caller's store (a start, a migration) is every variable, each with its value and secrecy.
        var copy = new VariableStore();
        foreach (var (name, slot) in store.Slots) copy.SetSlot(name, slot);
        foreach (var (name, (json, isSecret)) in model)
        {
            Assert.Equal(json, copy.GetJson(name));
            Assert.Equal(isSecret, copy.IsSecret(name));
        }
    }
}
