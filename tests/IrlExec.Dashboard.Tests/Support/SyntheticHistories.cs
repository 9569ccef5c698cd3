namespace IrlExec.Dashboard.Tests.Support;

/// <summary>
/// Histories written record by record, as the runner writes them, for lists of many executions (thousands take seconds
/// to run for real): a creation with the plan, the start, each step's start and completion, and the end.
/// </summary>
public static class SyntheticHistories
{
    public static readonly string[] Workflows = ["nightly-report", "incident-approval", "deploy"];

    public static WorkflowPlan Plan(string workflow, int steps = 4) => new()
    {
        Name = workflow,
        Goal = "Run " + workflow,
        Steps = Enumerable.Range(1, steps).Select(i => new StepPlan
        {
            Order = i,
            Name = "step-" + i,
            Component = workflow + ".step" + i,
            ToolMapping = "Bash",
            Inputs = i == 1 ? [new StepInputPlan { Name = "input", Reference = "{{input}}" }] : [new StepInputPlan { Name = "value", Reference = "{{value_" + (i - 1) + "}}" }],
            Outputs = [new StepOutputPlan { Name = "value_" + i, Description = "value of step " + i }],
            EstimatedCost = 0.01m * i,
            EstimatedSeconds = i,
        }).ToList(),
    };

    /// <summary>
    /// The history of execution number <paramref name="n"/>: completed, failed, paused or still running depending on
    /// <paramref name="n"/>, started <paramref name="n"/> minutes after <paramref name="start"/>.
    /// </summary>
    public static (string Id, List<ExecutionEvent> Records) Create(int n, DateTimeOffset start, ExecutionStatus outcome)
    {
        var workflow = Workflows[n % Workflows.Length];
        var plan = Plan(workflow);
        var id = $"exec_{start.AddMinutes(n):yyyyMMdd'T'HHmmss'Z'}_{n:x8}";
        var t = start.AddMinutes(n);
        var records = new List<ExecutionEvent>();
        void Add(ExecutionEvent e)
        {
            e.Sequence = records.Count + 1;
            e.Timestamp = t;
            t = t.AddSeconds(1);
            records.Add(e);
        }
        Add(new ExecutionEvent { Kind = ExecutionEventKind.ExecutionCreated, ExecutionId = id, Workflow = workflow, Goal = plan.Goal, Mode = ExecutionMode.Execution, RunLabel = $"{workflow}-{start:yyyy-MM-dd}-{n:000}", Actor = "human:tester", PlanShape = plan, PlanVersion = 1 });
        Add(new ExecutionEvent { Kind = ExecutionEventKind.VariableSet, Name = "input", Value = "\"x\"" });
        Add(new ExecutionEvent { Kind = ExecutionEventKind.StatusChanged, FromStatus = ExecutionStatus.Planning, Status = ExecutionStatus.InProgress });
        var stepsToRun = outcome switch
        {
            ExecutionStatus.CompletedSuccess => plan.Steps.Count,
            ExecutionStatus.InProgress => 1,
            _ => 2,
        };
        for (var step = 1; step <= stepsToRun; step++)
        {
            Add(new ExecutionEvent { Kind = ExecutionEventKind.StepStarted, Step = step, Attempt = 1, Values = [new NamedValue("value", "v")] });
            Add(new ExecutionEvent { Kind = ExecutionEventKind.LogWritten, Step = step, Level = ExecutionLogLevel.Info, Message = "working on step " + step });
            Add(new ExecutionEvent { Kind = ExecutionEventKind.VariableSet, Name = "value_" + step, Value = "\"v" + step + "\"" });
            Add(new ExecutionEvent { Kind = ExecutionEventKind.StepCompleted, Step = step, Attempt = 1, Cost = 0.01m * step, Seconds = step, Values = [new NamedValue("value_" + step, "v" + step)] });
        }
        switch (outcome)
        {
            case ExecutionStatus.CompletedSuccess:
                Add(new ExecutionEvent { Kind = ExecutionEventKind.StatusChanged, FromStatus = ExecutionStatus.InProgress, Status = ExecutionStatus.CompletedSuccess });
                break;
            case ExecutionStatus.CompletedFailure:
                Add(new ExecutionEvent { Kind = ExecutionEventKind.StepStarted, Step = 3, Attempt = 1 });
                Add(new ExecutionEvent { Kind = ExecutionEventKind.StepFailed, Step = 3, Attempt = 1, Message = "boom" });
                Add(new ExecutionEvent { Kind = ExecutionEventKind.StatusChanged, FromStatus = ExecutionStatus.InProgress, Status = ExecutionStatus.CompletedFailure, Message = "step 3 (step-3) failed: boom" });
                break;
            case ExecutionStatus.Paused:
                Add(new ExecutionEvent { Kind = ExecutionEventKind.StepStarted, Step = 3, Attempt = 1 });
                // A step that paused itself (StepContext.Pause), as the runner records it.
                Add(new ExecutionEvent { Kind = ExecutionEventKind.StepPaused, Step = 3, Attempt = 1, Message = "waiting for human approval" });
                Add(new ExecutionEvent { Kind = ExecutionEventKind.StatusChanged, FromStatus = ExecutionStatus.InProgress, Status = ExecutionStatus.Paused, Message = "waiting for human approval" });
                break;
        }
        return (id, records);
    }

    /// <summary>The outcome of execution <paramref name="n"/> in a mixed list: mostly completed, some failed, a few paused or running.</summary>
    public static ExecutionStatus OutcomeOf(int n) => (n % 50) switch
    {
        0 => ExecutionStatus.InProgress,
        1 or 2 => ExecutionStatus.Paused,
        3 or 4 or 5 => ExecutionStatus.CompletedFailure,
        _ => ExecutionStatus.CompletedSuccess,
    };

    /// <summary>Fills <paramref name="store"/> with <paramref name="count"/> executions of mixed outcomes; returns their ids.</summary>
    public static async Task<List<string>> FillAsync(IExecutionStore store, int count, DateTimeOffset? start = null)
    {
        var ids = new List<string>(count);
        var origin = start ?? new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);
        for (var n = 0; n < count; n++)
        {
            var (id, records) = Create(n, origin, OutcomeOf(n));
            await store.AppendAsync(id, records, flushToDisk: false, CancellationToken.None);
            ids.Add(id);
        }
        return ids;
    }
}
