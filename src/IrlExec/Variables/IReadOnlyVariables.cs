using System.Text.Json.Serialization.Metadata;

namespace IrlExec;

/// <summary>The variables of an execution, as a step sees them: read-only.</summary>
public interface IReadOnlyVariables
{
    /// <summary>The names of the variables that are set.</summary>
    IEnumerable<string> Names { get; }

    /// <summary>Whether <paramref name="name"/> is set.</summary>
    bool Contains(string name);

    /// <summary>Whether <paramref name="name"/> is set and secret.</summary>
    bool IsSecret(string name);

    /// <summary>Reads <paramref name="name"/> as <typeparamref name="T"/>.</summary>
    /// <exception cref="UnknownVariableException">The variable is not set.</exception>
    /// <exception cref="VariableTypeException">The value cannot be read as <typeparamref name="T"/>.</exception>
    T Get<T>(string name, JsonTypeInfo<T> typeInfo);

    /// <summary>Reads <paramref name="name"/> as a string (a JSON string's text, or any other value's JSON text).</summary>
    /// <exception cref="UnknownVariableException">The variable is not set.</exception>
    string GetString(string name);

    /// <summary>The value of <paramref name="name"/> as JSON text.</summary>
    /// <exception cref="UnknownVariableException">The variable is not set.</exception>
    string GetJson(string name);

    /// <summary>Renders a <c>{{variable}}</c> template.</summary>
    /// <exception cref="TemplateFormatException">The template is malformed.</exception>
    /// <exception cref="UnknownVariableException">The template names a variable that is not set.</exception>
    string Render(string template);
}
