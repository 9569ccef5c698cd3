using System.Reflection;
using System.Text.Json;

namespace IrlExec.Benchmarks.Binding;

/// <summary>
/// The comparison point of the binding benchmark: binding done the way reflection-driven workflow engines do it.
/// Variables are kept as JSON text by name; each attempt creates the step with <see cref="Activator"/>, sets every
/// <c>[Input]</c> property with <see cref="PropertyInfo.SetValue(object, object)"/> from
/// <see cref="JsonSerializer.Deserialize(string, Type, JsonSerializerOptions)"/>, runs it, and reads every
/// <c>[Output]</c> back with <see cref="PropertyInfo.GetValue(object)"/> + <see cref="JsonSerializer.Serialize(object, Type, JsonSerializerOptions)"/>.
/// The property discovery is cached (as those engines do), so only per-attempt work is measured.
/// </summary>
public sealed class ReflectionBinder
{
    private static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.General);
    private readonly Type _stepType;
    private readonly (PropertyInfo Property, string Variable)[] _inputs;
    private readonly (PropertyInfo Property, string Variable)[] _outputs;

    public ReflectionBinder(Type stepType)
    {
        _stepType = stepType;
        var properties = stepType.GetProperties(BindingFlags.Public | BindingFlags.Instance);
        _inputs = properties
            .Select(p => (p, p.GetCustomAttribute<InputAttribute>()))
            .Where(x => x.Item2 is not null)
            .Select(x => (x.p, x.Item2!.Variable ?? VariableNaming.ToSnakeCase(x.p.Name)))
            .ToArray();
        _outputs = properties
            .Select(p => (p, p.GetCustomAttribute<OutputAttribute>()))
            .Where(x => x.Item2 is not null)
            .Select(x => (x.p, x.Item2!.Variable ?? VariableNaming.ToSnakeCase(x.p.Name)))
            .ToArray();
    }

    public async ValueTask InvokeAsync(Dictionary<string, string> variables, Dictionary<string, string> outputs, StepContext context, CancellationToken cancellationToken)
    {
        var step = (IStep)Activator.CreateInstance(_stepType)!;
        foreach (var (property, variable) in _inputs)
        {
            property.SetValue(step, JsonSerializer.Deserialize(variables[variable], property.PropertyType, Options));
        }
        await step.ExecuteAsync(context, cancellationToken).ConfigureAwait(false);
        foreach (var (property, variable) in _outputs)
        {
            outputs[variable] = JsonSerializer.Serialize(property.GetValue(step), property.PropertyType, Options);
        }
    }
}
