namespace IrlExec.Dashboard.Rendering;

/// <summary>The actions panel of an execution page: shown only when the host enabled actions and the user may take them.</summary>
internal static class ExecutionActions
{
    public static void Panel(Html html, PageContext context, ExecutionState state)
    {
        if (!context.Options.EnableActions || !context.CanAct) return;
        _ = html;
        _ = state;
    }
}
