using System.Globalization;

namespace IrlExec.Tests.Variables;

/// <summary>
/// A published value's JSON, written once for its record, is handed to the store with the value and rendered again from
/// there (the next step's input): whatever the order of publications, type changes, JSON sets, conversions and clears,
/// a store fed values with their written JSON reads back the same text as one that writes every value on demand.
/// </summary>
public class WrittenJsonTests
{
    private static readonly string[] Names = ["value", "count", "label", "flag", "other"];

    [Fact]
    public void A_store_given_written_JSON_reads_back_what_a_store_writing_on_demand_reads()
    {
        var random = new Random(2712);
        var written = new VariableStore(); // values copied from slots whose JSON was written (the runner's path)
        var onDemand = new VariableStore(); // the same values from slots never written: every read writes the value
        // One reused staging slot per name and type on each side, as StepOutputs reuses them from step to step.
        var writtenSlots = new Dictionary<(string, Type), VariableSlot>();
        var onDemandSlots = new Dictionary<(string, Type), VariableSlot>();
        for (var operation = 0; operation < 20_000; operation++)
        {
            var name = Names[random.Next(Names.Length)];
            var number = random.Next(-100_000, 100_000);
            switch (random.Next(10))
            {
                case 0 or 1 or 2:
                    Publish(name, number, JsonTypes.Int32);
                    break;
                case 3:
                    Publish(name, (long)number * 3_000_000_000L, JsonTypes.Int64);
                    break;
                case 4:
                    Publish(name, number % 2 == 0, JsonTypes.Boolean);
                    break;
                case 5:
                    Publish(name, "text \"" + number + "\"", JsonTypes.String);
                    break;
                case 6:
                    var json = "[" + number.ToString(CultureInfo.InvariantCulture) + "]";
                    written.SetJson(name, json);
                    onDemand.SetJson(name, json);
                    break;
                case 7:
                    written.Set(name, number, JsonTypes.Int32); // set directly: no written JSON comes with it
                    onDemand.Set(name, number, JsonTypes.Int32);
                    break;
                case 8:
                    if (written.Contains(name) && int.TryParse(onDemand.GetJson(name), NumberStyles.Integer, CultureInfo.InvariantCulture, out _))
                    {
                        // Read as an int: a value held as JSON or as a long moves to the int column.
                        Assert.Equal(onDemand.Get(name, JsonTypes.Int32), written.Get(name, JsonTypes.Int32));
                    }
                    break;
                default:
                    if (random.Next(50) == 0)
                    {
                        written.Clear();
                        onDemand.Clear();
                    }
                    break;
            }
            foreach (var read in Names)
            {
                Assert.Equal(onDemand.Contains(read), written.Contains(read));
                if (!onDemand.Contains(read)) continue;
                Assert.Equal(onDemand.GetJson(read), written.GetJson(read));
                Assert.Equal(onDemand.GetString(read), written.GetString(read));
                Assert.Equal(onDemand.Render("{{" + read + "}}"), written.Render("{{" + read + "}}"));
            }
        }

        void Publish<T>(string name, T value, System.Text.Json.Serialization.Metadata.JsonTypeInfo<T> typeInfo)
        {
            var slot = Staged(writtenSlots, name, value, typeInfo);
            Assert.Equal(VariableJson.Write(value, typeInfo), slot.ToJson()); // the runner writes it for the record
            written.SetSlot(name, slot);
            onDemand.SetSlot(name, Staged(onDemandSlots, name, value, typeInfo));
        }
    }

    [Fact]
    public void A_staging_slot_given_a_new_value_writes_the_new_value()
    {
        var slot = new TypedSlot<int>(41, JsonTypes.Int32, isSecret: false);
        Assert.Equal("41", slot.ToJson());

        slot.Value = 42;

        Assert.Equal("42", slot.ToJson());
        var store = new VariableStore();
        store.SetSlot("value", slot);
        Assert.Equal("42", store.GetString("value"));
    }

    // The slot of name and T, reused (its value replaced) as StepOutputs reuses a staging slot.
    private static TypedSlot<T> Staged<T>(Dictionary<(string, Type), VariableSlot> slots, string name, T value, System.Text.Json.Serialization.Metadata.JsonTypeInfo<T> typeInfo)
    {
        if (slots.TryGetValue((name, typeof(T)), out var held))
        {
            var typed = (TypedSlot<T>)held;
            typed.Value = value;
            return typed;
        }
        var slot = new TypedSlot<T>(value, typeInfo, isSecret: false);
        slots[(name, typeof(T))] = slot;
        return slot;
    }
}
