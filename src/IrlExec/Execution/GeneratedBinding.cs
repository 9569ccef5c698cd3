using System.ComponentModel;
using System.Text.Json.Serialization.Metadata;

namespace IrlExec;

/// <summary>
/// What generated step definitions call to bind inputs and publish outputs by position in the workflow's
/// <see cref="VariableNameTable"/>. Same results as <see cref="IReadOnlyVariables.Get{T}"/>,
/// <see cref="IReadOnlyVariables.GetString"/> and <see cref="StepOutputs.Set{T}"/> with the name at that position, without
/// a lookup by name once the execution is warm. For generated code; hand-written steps use the named methods.
/// </summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public static class GeneratedBinding
{
    /// <summary>The variable at <paramref name="index"/> of <paramref name="names"/>, as <typeparamref name="T"/>.</summary>
    /// <exception cref="UnknownVariableException">The variable is not set.</exception>
    /// <exception cref="VariableTypeException">Its value cannot be read as <typeparamref name="T"/>.</exception>
    public static T Input<T>(StepContext context, VariableNameTable names, int index, JsonTypeInfo<T> typeInfo)
    {
        ArgumentNullException.ThrowIfNull(context);
        return context.Store.GetAt(names, index, typeInfo);
    }

    /// <summary>The variable at <paramref name="index"/> of <paramref name="names"/> as text (<see cref="IReadOnlyVariables.GetString"/>).</summary>
    /// <exception cref="UnknownVariableException">The variable is not set.</exception>
    public static string InputString(StepContext context, VariableNameTable names, int index)
    {
        ArgumentNullException.ThrowIfNull(context);
        return context.Store.GetStringAt(names, index);
    }

    /// <summary>Publishes <paramref name="value"/> as the variable at <paramref name="index"/> of <paramref name="names"/>.</summary>
    public static void Output<T>(StepOutputs outputs, VariableNameTable names, int index, T value, JsonTypeInfo<T> typeInfo, bool isSecret)
    {
        ArgumentNullException.ThrowIfNull(outputs);
        outputs.SetAt(names, index, value, typeInfo, isSecret);
    }

    /// <summary>
    /// Awaits a step that did not complete synchronously, then publishes its outputs with <paramref name="publish"/>:
    /// the slow path of a generated <see cref="StepDefinition.InvokeAsync"/> (the fast path publishes without awaiting).
    /// </summary>
    public static async ValueTask PublishWhenDone<TStep>(ValueTask running, TStep step, StepOutputs outputs, Action<TStep, StepOutputs> publish)
    {
        ArgumentNullException.ThrowIfNull(publish);
        await running.ConfigureAwait(false);
        publish(step, outputs);
    }
}
