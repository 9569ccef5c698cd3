namespace IrlExec;

/// <summary>
/// One execution while a runner holds it: the live state, the variables, and the records not yet committed.
/// Every change goes through <see cref="Record"/> (applied to the state at once) and <see cref="CommitAsync"/> (appended to
/// the store, then shown to the observers).
/// </summary>
internal sealed class ExecutionSession
{
    private readonly object _gate = new();
    private readonly IExecutionStore _store;
    private readonly ViewScheduler _views;
    private readonly bool _waitForViews;
    private readonly TimeProvider _time;
    private List<ExecutionEvent> _pending = [];
    private long _sequence;

    /// <param name="definition">The workflow.</param>
    /// <param name="state">The live state: the history so far, then every record as it is recorded.</param>
    /// <param name="viewState">
    /// A second state equal to <paramref name="state"/> (not the same object), for the views: it receives each record
    /// when it is committed, so that views render only what the history holds while the live state runs ahead.
    /// </param>
    /// <param name="sequence">The last sequence number in the history.</param>
    /// <param name="store">Where the history is appended.</param>
    /// <param name="observers">The views.</param>
    /// <param name="waitForViews">Whether every commit waits for the views (<see cref="RunOptions.WaitForViews"/>).</param>
    /// <param name="time">The clock.</param>
    public ExecutionSession(WorkflowDefinition definition, ExecutionState state, ExecutionState viewState, long sequence, IExecutionStore store, IReadOnlyList<IExecutionObserver> observers, bool waitForViews, TimeProvider time)
    {
        if (ReferenceEquals(state, viewState)) throw new ArgumentException("The views need their own copy of the state.", nameof(viewState));
        Definition = definition;
        State = state;
        _sequence = sequence;
        _store = store;
        _views = new ViewScheduler(viewState, observers);
        _waitForViews = waitForViews;
        _time = time;
        Execution = WorkflowExecution.Restore(
            string.IsNullOrEmpty(state.ExecutionId) ? "pending" : state.ExecutionId, definition.Name, state.Mode, state.Status, state.CurrentStep,
            (from, to, reason) => Record(new ExecutionEvent { Kind = ExecutionEventKind.StatusChanged, FromStatus = from, Status = to, Message = reason is null ? null : Redact(reason) }));
    }

    public WorkflowDefinition Definition { get; }

    public ExecutionState State { get; }

    public VariableStore Variables { get; } = new();

    /// <summary>Where the running attempt stages its outputs; reused by every attempt of the session.</summary>
    public StepOutputs Outputs { get; } = new();

    public WorkflowExecution Execution { get; }

    public DateTimeOffset Now => _time.GetUtcNow();

    public TimeProvider Time => _time;

    public void Record(ExecutionEvent record)
    {
        lock (_gate)
        {
            record.Sequence = ++_sequence;
            record.Timestamp = _time.GetUtcNow();
            ExecutionStateProjector.Apply(State, record);
            _pending.Add(record);
        }
    }

    /// <summary>
    /// Appends the records recorded since the last commit to the store (flushed to disk when asked), then hands them to
    /// the views (see <see cref="ViewScheduler"/>: in the background, except when the commit stops the run or the run
    /// waits for its views).
    /// </summary>
    /// <exception cref="Exception">A view failed since the last commit: its own exception, thrown once this commit's records are in the history.</exception>
    public async ValueTask CommitAsync(bool flushToDisk, CancellationToken cancellationToken)
    {
        // The runner commits from one flow, one commit at a time, so the history and the views get the batches in order.
        List<ExecutionEvent> batch;
        lock (_gate)
        {
            if (_pending.Count == 0) return;
            batch = _pending;
            _pending = [];
        }
        await _store.AppendAsync(State.ExecutionId, batch, flushToDisk, cancellationToken).ConfigureAwait(false);
        // A view that failed in the background stops the run here, after this batch is safe: what the step did is kept.
        _views.ThrowIfFaulted();
        await _views.PostAsync(batch, _waitForViews, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Waits until no view is being written in the background (call before the lease is given up). Never throws.</summary>
    public Task StopViewsAsync() => _views.StopAsync();

    /// <summary>
    /// Masks <paramref name="secrets"/> in the records not yet committed. A step's secret output becomes known as secret
    /// only when the step returns, after it may have logged or recorded it: this runs before those records are written.
    /// </summary>
    public void MaskPending(int step, IReadOnlyCollection<string> secrets)
    {
        lock (_gate)
        {
            foreach (var record in _pending)
            {
                record.Message = Mask(record.Message, secrets);
                record.Value = Mask(record.Value, secrets);
                record.Result = Mask(record.Result, secrets);
                if (record.Values is null) continue;
                foreach (var value in record.Values) value.Value = Mask(value.Value, secrets)!;
            }
        }
        // The live state already holds copies of the texts: the step's own training entries (the last ones, as the step
        // is running) and its pending state changes are masked the same way.
        var messages = State.Training.ConversationTrace;
        for (var i = messages.Count - 1; i >= 0 && messages[i].Step == step; i--) messages[i].Text = Mask(messages[i].Text, secrets)!;
        var calls = State.Training.ToolCalls;
        for (var i = calls.Count - 1; i >= 0 && calls[i].Step == step; i--)
        {
            calls[i].Arguments = Mask(calls[i].Arguments, secrets)!;
            calls[i].Result = Mask(calls[i].Result, secrets)!;
        }
        foreach (var changes in State.PendingStateChanges.Values)
        {
            for (var i = 0; i < changes.Count; i++) changes[i] = Mask(changes[i], secrets)!;
        }
    }

    private static string? Mask(string? text, IReadOnlyCollection<string> secrets)
    {
        if (string.IsNullOrEmpty(text)) return text;
        foreach (var secret in secrets)
        {
            if (secret.Length >= 3) text = text.Replace(secret, SecretRedactor.Mask, StringComparison.Ordinal);
        }
        return text;
    }

    /// <summary>Masks the values of secret variables and credential-looking strings in text bound for a file.</summary>
    public string Redact(string text)
    {
        if (string.IsNullOrEmpty(text)) return text;
        foreach (var name in Variables.SecretNames)
        {
            var secret = Variables.SecretText(name);
            if (secret is { Length: >= 3 }) text = text.Replace(secret, SecretRedactor.Mask, StringComparison.Ordinal);
        }
        return SecretRedactor.Redact(text);
    }

    /// <summary>The JSON of a value as persisted: <c>"***"</c> for secrets, credential-looking strings masked.</summary>
    public string PersistedJson(string json, bool isSecret) => isSecret ? SecretRedactor.MaskJson : Redact(json);

    /// <summary>A value as shown in the markdown and logs: a JSON string's text, else the JSON.</summary>
    public static string DisplayText(string json)
    {
        if (json.Length >= 2 && json[0] == '"')
        {
            using var document = System.Text.Json.JsonDocument.Parse(json);
            return document.RootElement.GetString() ?? "";
        }
        return json;
    }
}
