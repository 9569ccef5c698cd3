namespace IrlExec.Tests.State;

/// <summary>
/// After a step completes, the current step is the lowest later step not completed (the completed step itself when
/// none is left), whatever the plan's numbering: gaps, a list not in order, later steps completed first.
/// </summary>
public class CurrentStepProjectionTests
{
    [Fact]
    public void A_completion_moves_to_the_lowest_later_step_not_completed_in_any_plan()
    {
        var random = new Random(27);
        for (var run = 0; run < 500; run++)
        {
            // Distinct orders from 1 to 40, some missing, listed in a shuffled order.
            var orders = Enumerable.Range(1, 40).Where(_ => random.Next(4) > 0).OrderBy(_ => random.Next()).ToList();
            if (orders.Count == 0) continue;
            var plan = orders.Select(o => new StepState { Order = o, Name = "s" + o, Status = StepStatus.Pending }).ToList();
            var state = ExecutionStateProjector.Replay([new ExecutionEvent { Sequence = 1, Kind = ExecutionEventKind.ExecutionCreated, Workflow = "w", Plan = plan }]);
            var completed = new HashSet<int>();
            long sequence = 1;
            for (var i = 0; i < orders.Count * 2; i++)
            {
                var order = orders[random.Next(orders.Count)];
                ExecutionStateProjector.Apply(state, new ExecutionEvent { Sequence = ++sequence, Kind = ExecutionEventKind.StepStarted, Step = order, Attempt = 1 });
                ExecutionStateProjector.Apply(state, new ExecutionEvent { Sequence = ++sequence, Kind = ExecutionEventKind.StepCompleted, Step = order, Attempt = 1 });
                completed.Add(order);

                var later = orders.Where(o => o > order && !completed.Contains(o)).ToList();
                Assert.Equal(later.Count == 0 ? order : later.Min(), state.CurrentStep);
            }
        }
    }
}
