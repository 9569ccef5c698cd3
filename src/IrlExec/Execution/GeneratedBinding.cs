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

    /// <summary>
    /// The service of type <typeparamref name="T"/> for the <see cref="ServiceAttribute"/> property
    /// <paramref name="property"/> of the running step, from <see cref="StepContext.Services"/> (<c>GetService(typeof(T))</c>).
    /// </summary>
    /// <exception cref="WorkflowException">The run has no services, or they do not provide a <typeparamref name="T"/> (the message names the step, the property and the type).</exception>
    public static T Service<T>(StepContext context, string property)
        where T : class
    {
        ArgumentNullException.ThrowIfNull(context);
        var services = context.Services ?? throw new WorkflowException(
            $"Step {context.Step.Order} ({context.Step.Name}) needs the service {typeof(T).FullName} for its [Service] property {property}, but the run has no services: " +
            "run it in a host set up with AddIrlExec (IrlExec.Hosting), or give the run RunOptions.StepServices (e.g. StepServiceScopes.From(provider)).");
        return services.GetService(typeof(T)) switch
        {
            T service => service,
            null => throw new WorkflowException(
                $"Step {context.Step.Order} ({context.Step.Name}) needs the service {typeof(T).FullName} for its [Service] property {property}, but it is not registered: " +
                $"add it to the service collection (e.g. services.AddScoped<{typeof(T).Name}, ...>()), or make the property nullable if the step can do without it."),
            var other => throw new WorkflowException(
                $"Step {context.Step.Order} ({context.Step.Name}) needs the service {typeof(T).FullName} for its [Service] property {property}, but the provider returned a {other.GetType().FullName}."),
        };
    }

    /// <summary>
    /// The service of type <typeparamref name="T"/> from <see cref="StepContext.Services"/>, or null when the run has no
    /// services or they do not provide one: what an optional (nullable) <see cref="ServiceAttribute"/> property gets.
    /// </summary>
    /// <exception cref="WorkflowException">The provider returned an object that is not a <typeparamref name="T"/> (a broken registration: the message names the step and both types).</exception>
    public static T? OptionalService<T>(StepContext context)
        where T : class
    {
        ArgumentNullException.ThrowIfNull(context);
        return context.Services?.GetService(typeof(T)) switch
        {
            null => null,
            T service => service,
            var other => throw new WorkflowException(
                $"Step {context.Step.Order} ({context.Step.Name}) asked for the optional service {typeof(T).FullName}, but the provider returned a {other.GetType().FullName}: " +
                "fix that registration (an optional service is null only when it is not registered)."),
        };
    }
}
