namespace IrlExec;

/// <summary>
/// Compares the plan an execution recorded with the plan of the definition it is resumed with: what changed, and
/// which changes make the resume unsafe. Pure functions over plans and state, so the rules are tested directly.
/// </summary>
internal static class PlanComparison
{
    /// <summary>One difference between two plans. Orders are null when the step is not in that plan.</summary>
    internal sealed record Change(string Description, int? RecordedOrder, int? NewOrder);

    /// <summary>Every difference of shape: steps added/removed/reordered, inputs and outputs added/removed/renamed/retyped, variables.</summary>
    public static List<Change> Compare(WorkflowPlan recorded, WorkflowPlan current)
    {
        var changes = new List<Change>();
        CompareVariables(recorded, current, changes);
        foreach (var old in recorded.Steps)
        {
            var now = current.Steps.FirstOrDefault(s => s.Name == old.Name);
            if (now is null)
            {
                changes.Add(new Change($"step {old.Order} '{old.Name}' removed", old.Order, null));
                continue;
            }
            if (now.Order != old.Order) changes.Add(new Change($"step '{old.Name}' moved from position {old.Order} to {now.Order}", old.Order, now.Order));
            CompareInputs(old, now, changes);
            CompareOutputs(old, now, changes);
        }
        foreach (var now in current.Steps.Where(s => recorded.Steps.All(o => o.Name != s.Name)))
        {
            changes.Add(new Change($"step {now.Order} '{now.Name}' added", null, now.Order));
        }
        return changes;
    }

    /// <summary>
    /// Why resuming <paramref name="state"/> (recorded under <paramref name="recorded"/>) with <paramref name="current"/>
    /// is unsafe; empty when it is safe: every change is to steps after the current one, and each remaining step finds
    /// the variables it reads, with the types it expects.
    /// </summary>
    public static List<string> Blockers(WorkflowPlan recorded, WorkflowPlan current, ExecutionState state, IReadOnlyList<Change> changes)
    {
        var resumeAt = ResumePoint(state);
        var blockers = new List<string>();
        foreach (var change in changes)
        {
            var touched = new[] { change.RecordedOrder, change.NewOrder }.Where(o => o is not null).Select(o => o!.Value).DefaultIfEmpty(int.MaxValue).Min();
            if (touched <= resumeAt)
            {
                blockers.Add(touched < resumeAt
                    ? $"{change.Description}: step {touched} already completed, its definition must not change"
                    : $"{change.Description}: step {touched} is the current step, only steps after it may change");
            }
        }
        blockers.AddRange(MissingNeeds(recorded, current, state, resumeAt));
        return blockers;
    }

    /// <summary>The order of the first step not completed (the one a resume runs first), or past the end.</summary>
    public static int ResumePoint(ExecutionState state) =>
        state.Steps.OrderBy(s => s.Order).FirstOrDefault(s => s.Status != StepStatus.Completed)?.Order ?? state.Steps.Count + 1;

    /// <summary>The plan recorded in the history's creation or latest migration record; rebuilt from step states for histories that predate it.</summary>
    public static WorkflowPlan Recorded(IReadOnlyList<ExecutionEvent> history, ExecutionState state)
    {
        for (var i = history.Count - 1; i >= 0; i--)
        {
            if (history[i].Kind is ExecutionEventKind.ExecutionCreated or ExecutionEventKind.PlanMigrated && history[i].PlanShape is { } shape) return shape;
        }
        return new WorkflowPlan
        {
            Name = state.Workflow,
            Version = state.PlanVersion,
            Fingerprint = state.PlanFingerprint,
            Steps = state.Steps.Select(s => new StepPlan
            {
                Order = s.Order,
                Name = s.Name,
                Inputs = s.Inputs.Select(i => new StepInputPlan { Name = i.Name, Reference = i.Value, TypeName = "" }).ToList(),
                Outputs = s.ExpectedOutputs.Select(o => new StepOutputPlan { Name = o.Name, TypeName = "" }).ToList(),
            }).ToList(),
        };
    }

    // Each remaining step's inputs: present in the execution (from the recorded plan's types) or published by an
    // earlier remaining step of the new plan, with a matching type.
    private static IEnumerable<string> MissingNeeds(WorkflowPlan recorded, WorkflowPlan current, ExecutionState state, int resumeAt)
    {
        var available = new Dictionary<string, (string Type, string From)>(StringComparer.Ordinal);
        foreach (var variable in state.Variables)
        {
            available[variable.Name] = ("", "a variable of the execution");
        }
        foreach (var variable in recorded.Variables.Where(v => available.ContainsKey(v.Name)))
        {
            available[variable.Name] = (variable.TypeName, "initial variable");
        }
        foreach (var step in recorded.Steps.Where(s => state.FindStep(s.Order) is { Status: StepStatus.Completed } done && done.Name == s.Name))
        {
            foreach (var output in step.Outputs) available[output.Name] = (output.TypeName, $"output of completed step {step.Order} '{step.Name}'");
        }
        foreach (var step in current.Steps.Where(s => s.Order >= resumeAt))
        {
            foreach (var input in step.Inputs)
            {
                var names = TemplateParser.ReferencedNames(input.Reference).ToList();
                var isPlainReference = input.Reference == "{{" + names.FirstOrDefault() + "}}";
                foreach (var name in names)
                {
                    if (!available.TryGetValue(name, out var source))
                    {
                        yield return $"step {step.Order} '{step.Name}' reads {{{{{name}}}}}, which no completed or earlier step provides";
                    }
                    else if (isPlainReference && !TypesMatch(input.TypeName, source.Type))
                    {
                        yield return $"step {step.Order} '{step.Name}' input '{input.Name}' is {input.TypeName} but {{{{{name}}}}} holds {source.Type} ({source.From})";
                    }
                }
            }
            foreach (var output in step.Outputs) available[output.Name] = (output.TypeName, $"output of step {step.Order} '{step.Name}'");
        }
    }

    // Unknown types (old histories, variables given on resume) are not held against a resume; T? accepts a T.
    private static bool TypesMatch(string expected, string actual) =>
        expected.Length == 0 || actual.Length == 0 || expected == actual || expected == actual + "?";

    private static void CompareVariables(WorkflowPlan recorded, WorkflowPlan current, List<Change> changes)
    {
        foreach (var old in recorded.Variables)
        {
            var now = current.Variables.FirstOrDefault(v => v.Name == old.Name);
            if (now is null) changes.Add(new Change($"variable '{old.Name}' removed", null, null));
            else if (now.TypeName != old.TypeName) changes.Add(new Change($"variable '{old.Name}' retyped from {old.TypeName} to {now.TypeName}", null, null));
        }
        foreach (var now in current.Variables.Where(v => recorded.Variables.All(o => o.Name != v.Name)))
        {
            changes.Add(new Change($"variable '{now.Name}' added", null, null));
        }
    }

    private static void CompareInputs(StepPlan old, StepPlan now, List<Change> changes)
    {
        var where = $"step {now.Order} '{now.Name}'";
        var removed = old.Inputs.Where(i => now.Inputs.All(n => n.Name != i.Name)).ToList();
        var added = now.Inputs.Where(i => old.Inputs.All(o => o.Name != i.Name)).ToList();
        foreach (var input in removed.ToList())
        {
            var renamed = added.FirstOrDefault(a => a.Reference == input.Reference && a.TypeName == input.TypeName);
            if (renamed is null) continue;
            changes.Add(new Change($"{where}: input '{input.Name}' renamed to '{renamed.Name}'", old.Order, now.Order));
            removed.Remove(input);
            added.Remove(renamed);
        }
        foreach (var input in removed) changes.Add(new Change($"{where}: input '{input.Name}' removed", old.Order, now.Order));
        foreach (var input in added) changes.Add(new Change($"{where}: input '{input.Name}' added (reads {input.Reference})", old.Order, now.Order));
        foreach (var before in old.Inputs)
        {
            var after = now.Inputs.FirstOrDefault(i => i.Name == before.Name);
            if (after is null) continue;
            if (after.TypeName != before.TypeName) changes.Add(new Change($"{where}: input '{before.Name}' retyped from {before.TypeName} to {after.TypeName}", old.Order, now.Order));
            if (after.Reference != before.Reference) changes.Add(new Change($"{where}: input '{before.Name}' now reads {after.Reference} instead of {before.Reference}", old.Order, now.Order));
        }
    }

    private static void CompareOutputs(StepPlan old, StepPlan now, List<Change> changes)
    {
        var where = $"step {now.Order} '{now.Name}'";
        var removed = old.Outputs.Where(o => now.Outputs.All(n => n.Name != o.Name)).ToList();
        var added = now.Outputs.Where(o => old.Outputs.All(p => p.Name != o.Name)).ToList();
        foreach (var output in removed.ToList())
        {
            var renamed = added.FirstOrDefault(a => a.TypeName == output.TypeName);
            if (renamed is null) continue;
            changes.Add(new Change($"{where}: output '{output.Name}' renamed to '{renamed.Name}'", old.Order, now.Order));
            removed.Remove(output);
            added.Remove(renamed);
        }
        foreach (var output in removed) changes.Add(new Change($"{where}: output '{output.Name}' removed", old.Order, now.Order));
        foreach (var output in added) changes.Add(new Change($"{where}: output '{output.Name}' added", old.Order, now.Order));
        foreach (var before in old.Outputs)
        {
            var after = now.Outputs.FirstOrDefault(o => o.Name == before.Name);
            if (after is not null && after.TypeName != before.TypeName)
            {
                changes.Add(new Change($"{where}: output '{before.Name}' retyped from {before.TypeName} to {after.TypeName}", old.Order, now.Order));
            }
        }
    }
}
