using System.CommandLine;

namespace IrlExec.Cli.Commands;

/// <summary>
/// <c>irlexec list</c>: the active executions, then the most recent others. Every row comes from the execution's history.
/// The index of finished executions (<see cref="FinishedIndex"/>) says which histories have finished and which finished
/// last, so a large root is listed without replaying every history: every history the index does not list as finished is
/// read (the active executions), and of the finished ones only those shown. An execution whose history cannot be read, or
/// has lost records its views show, is listed as DAMAGED (exit 5); one whose history is missing is shown from its
/// markdown or snapshot (exit 5); the others are listed whatever happens to one of them. Which executions there are comes
/// from a listing of <c>execution/state/</c>, or from the stamp the last listing left, with the journal of the executions
/// started since (<see cref="ExecutionMembership"/>).
/// </summary>
internal static class ListCommand
{
    public static Command Create(HandlerFactory handlers)
    {
        var limit = new Option<int>("--limit") { Description = "How many recent (not active) executions to show; 0 shows all.", DefaultValueFactory = _ => 20 };
        limit.AtLeast(0, value => $"--limit must be 0 (all) or more, not {value}.");
        var command = new Command("list", "List active and recent executions under the root.");
        command.Options.Add(limit);
        handlers.Set(command, (context, cancellationToken) => RunAsync(context, context.Value(limit), cancellationToken), StoreUse.RenderedViews);
        return command;
    }

    private static async Task<int> RunAsync(CommandContext context, int limit, CancellationToken cancellationToken)
    {
        var layout = context.RequireExecutionFolder();
        var exitCode = ExitCodes.Ok;
        var summaries = new List<ExecutionSummary>();
        var readable = new List<string>();
        // Which executions there are: from one listing of execution/state/, or from the stamp the last one left (with the
        // journal of the executions started since).
        var members = ExecutionMembership.Find(layout, cancellationToken);

        void Add(string id)
        {
            try
            {
                var loaded = ExecutionFolder.Load(layout, id);
                summaries.Add(Summary(id, loaded.State, loaded.MissingHistory));
                if (loaded.MissingHistory is null) readable.Add(id);
                else exitCode = ExitCodes.DamagedFile;
            }
            catch (Exception e) when (e is ExecutionDataException or CliException or IOException or UnauthorizedAccessException)
            {
                summaries.Add(Damaged(id, e is ExecutionDataException data ? data.Message : e.Message));
                exitCode = ExitCodes.DamagedFile;
            }
        }

        // Every history the index does not list as finished is read: the active executions (and finished ones the index
        // lags behind). Of the finished ones, only the most recent, which are shown, are read from their histories: the
        // index orders them without replaying every history. The rows always come from the histories.
        foreach (var id in members.Unindexed)
        {
            cancellationToken.ThrowIfCancellationRequested();
            Add(id);
        }
        foreach (var id in members.ViewOnly) Add(id);
        var unindexedFinished = summaries.Count(s => !s.Active);
        var shownFinished = 0;
        foreach (var id in MostRecentFirst(members.Finished, limit))
        {
            if (limit > 0 && shownFinished >= limit) break;
            cancellationToken.ThrowIfCancellationRequested();
            var before = summaries.Count;
            Add(id);
            if (!summaries[before].Active) shownFinished++;
        }

        // Views that show more than their history prove it lost records: such an execution is damaged, not what it seems.
        var views = new ViewRepair(layout).CheckQuickly(readable, cancellationToken);
        foreach (var behind in views.Findings.Where(f => f.Condition == ViewCondition.HistoryBehind))
        {
            var index2 = summaries.FindIndex(s => s.ExecutionId == behind.ExecutionId);
            summaries[index2] = summaries[index2] with { Status = "DAMAGED", Error = behind.ToString() };
            exitCode = ExitCodes.DamagedFile;
        }
        var lagging = views.Outstanding.Where(f => f.Condition is ViewCondition.Lagging or ViewCondition.Damaged).Select(f => f.ExecutionId).Distinct().Count();
        if (unindexedFinished > 0 || members.IndexProblems.Count > 0)
        {
            await context.Console.Error.WriteLineAsync(
                $"warning: the index {FinishedIndex.FilePath(layout)} lacks {unindexedFinished} finished execution(s){(members.IndexProblems.Count > 0 ? $" and has {members.IndexProblems.Count} unreadable line(s)" : "")}: their histories were read instead. 'irlexec repair' rebuilds it.").ConfigureAwait(false);
        }

        var activeRows = summaries.Where(s => s.Active).OrderByDescending(s => s.LastUpdated).ThenBy(s => s.ExecutionId, StringComparer.Ordinal).ToList();
        var recent = summaries.Where(s => !s.Active).OrderByDescending(s => s.LastUpdated ?? DateTimeOffset.MinValue).ThenBy(s => s.ExecutionId, StringComparer.Ordinal).ToList();
        if (limit > 0) recent = recent.Take(limit).ToList();
        if (lagging > 0)
        {
            await context.Console.Error.WriteLineAsync($"warning: {lagging} execution(s) have views (snapshot, result, active list, manifest row) that lag their history; 'irlexec repair' rebuilds them, 'irlexec validate' lists them.").ConfigureAwait(false);
        }
        if (context.Json)
        {
            context.WriteJson(new ListDocument(layout.Root, [.. activeRows, .. recent]), CliJson.Readable.ListDocument);
            return exitCode;
        }
        var headers = new[] { "EXECUTION", "WORKFLOW", "STATUS", "MODE", "STEP", "STARTED", "UPDATED", "BY" };
        context.Renderer.Heading("Active executions");
        context.Renderer.Table(headers, activeRows.Select(Row).ToList(), "(none)");
        context.Renderer.Heading("Recent executions");
        context.Renderer.Table(headers, recent.Select(Row).ToList(), "(none)");
        foreach (var damaged in summaries.Where(s => s.Error is not null)) context.Renderer.Problem("damaged: " + damaged.Error);
        return exitCode;
    }

    // The finished executions, the most recent first (ties by id). The first few are what a limited listing reads: they are
    // taken from a heap of them; all of them are sorted only when more are wanted (no limit, or many that turn out active).
    private static IEnumerable<string> MostRecentFirst(List<(DateTimeOffset Updated, string Id)> finished, int limit)
    {
        var comparer = Comparer<(DateTimeOffset Updated, string Id)>.Create((a, b) =>
        {
            var byTime = b.Updated.CompareTo(a.Updated);
            return byTime != 0 ? byTime : string.CompareOrdinal(a.Id, b.Id);
        });
        var first = limit == 0 ? 0 : Math.Min(finished.Count, 2 * limit + 16);
        if (first > 0 && first < finished.Count)
        {
            // A max-heap of the `first` earliest in the order: what is left in it at the end are the `first` most recent.
            var heap = new PriorityQueue<(DateTimeOffset, string), (DateTimeOffset, string)>(first + 1, Comparer<(DateTimeOffset, string)>.Create((a, b) => comparer.Compare(b, a)));
            foreach (var entry in finished)
            {
                heap.Enqueue(entry, entry);
                if (heap.Count > first) heap.Dequeue();
            }
            var top = new List<(DateTimeOffset Updated, string Id)>(first);
            while (heap.TryDequeue(out var entry, out _)) top.Add(entry);
            top.Reverse();
            foreach (var (_, id) in top) yield return id;
            // More were wanted: the rest, in the same order.
            var shown = new HashSet<string>(top.Select(t => t.Id), StringComparer.Ordinal);
            finished.RemoveAll(f => shown.Contains(f.Id));
        }
        finished.Sort(comparer);
        foreach (var (_, id) in finished) yield return id;
    }

    // Active: the history has not finished (a paused, running or interrupted execution).
    private static ExecutionSummary Summary(string id, ExecutionState state, string? error)
    {
        var metrics = state.ComputeMetrics();
        return new ExecutionSummary(id, state.Workflow, StatusTransitions.ToWireName(state.Status), state.Mode.ToWireName(), state.CurrentStep,
            metrics.StepsCompleted, metrics.StepsTotal, state.StartTime, state.LastUpdated,
            !StatusTransitions.IsTerminal(state.Status), state.Actor, state.RunLabel, error);
    }

    // Nothing is known of it but its id; listed among the active ones, since it may not have finished.
    private static ExecutionSummary Damaged(string id, string error) => new(id, "", "DAMAGED", "", 0, 0, 0, null, null, true, "", "", error);

    private static IReadOnlyList<string> Row(ExecutionSummary s) =>
    [
        s.ExecutionId, s.Workflow, s.Status, s.Mode,
        s.StepsTotal == 0 ? "-" : $"{s.StepsCompleted}/{s.StepsTotal}",
        ExecutionFolder.Time(s.StartTime), ExecutionFolder.Time(s.LastUpdated), s.Actor,
    ];
}
