namespace IrlExec;

/// <summary>
/// A view that can render ahead what it will write (<see cref="ViewScheduler"/>'s warm pass), into a renderer of its
/// own that it may then take over, so that its next write renders only what changed since.
/// </summary>
internal interface IWarmsAhead
{
    /// <summary>
    /// A new renderer holding what <paramref name="state"/> renders to, in its caches. Called on the idle-priority
    /// thread while the view's passes may run: it writes nothing and touches nothing the view's calls use.
    /// </summary>
    object RenderAhead(ExecutionState state);

    /// <summary>
    /// From this call on, renders execution <paramref name="executionId"/> with <paramref name="renderer"/> (made by
    /// <see cref="RenderAhead"/> from the state object the views now render). Called by a pass, before the view's first call
    /// of the run.
    /// </summary>
    void Adopt(string executionId, object renderer);
}
