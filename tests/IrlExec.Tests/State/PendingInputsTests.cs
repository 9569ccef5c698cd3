namespace IrlExec.Tests.State;

/// <summary>
/// The inputs an attempt started with wait in the state until its log entry takes them: the last started attempt's in
/// fields, any other step's aside, and together they answer as one map by step (replays of interrupted and retried
/// attempts leave several pending).
/// </summary>
public class PendingInputsTests
{
    [Fact]
    public void Pending_inputs_answer_as_a_map_by_step_over_any_order_of_starts_and_takes()
    {
        var random = new Random(27);
        var state = new ExecutionState();
        var model = new Dictionary<int, List<NamedValue>?>();
        for (var i = 0; i < 20_000; i++)
        {
            var step = random.Next(1, 6);
            if (random.Next(3) > 0)
            {
                List<NamedValue>? inputs = random.Next(5) == 0 ? null : [new NamedValue("n", i.ToString(System.Globalization.CultureInfo.InvariantCulture))];
                state.SetPendingInputs(step, inputs);
                model[step] = inputs;
            }
            else
            {
                model.Remove(step, out var expected);
                Assert.Same(expected, state.TakePendingInputs(step));
            }
        }
        foreach (var step in Enumerable.Range(1, 5))
        {
            model.Remove(step, out var expected);
            Assert.Same(expected, state.TakePendingInputs(step));
            Assert.Null(state.TakePendingInputs(step));
        }
    }
}
