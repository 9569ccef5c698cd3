using System.Text.Json.Nodes;

namespace IncidentApproval.Drift;

/// <summary>Heals a payload of a renamed field: the value under the new name goes back under the baseline name.</summary>
public static class PayloadHealer
{
    /// <summary>
    /// Returns the healed payload: <paramref name="newPath"/> (dotted, e.g. <c>customer.email_address</c>) renamed to
    /// <paramref name="baselinePath"/> in the same object.
    /// </summary>
    /// <exception cref="InvalidDataException">The payload has no field at <paramref name="newPath"/>.</exception>
    public static JsonNode Heal(JsonNode payload, string baselinePath, string newPath)
    {
        ArgumentNullException.ThrowIfNull(payload);
        var healed = payload.DeepClone();
        var (parent, newName) = Locate(healed, newPath);
        var baselineName = baselinePath[(baselinePath.LastIndexOf('.') + 1)..];
        if (parent is null || !parent.TryGetPropertyValue(newName, out var value))
        {
            throw new InvalidDataException($"the payload has no field '{newPath}' to rename");
        }
        parent.Remove(newName);
        parent[baselineName] = value;
        return healed;
    }

    private static (JsonObject? Parent, string Name) Locate(JsonNode root, string path)
    {
        var parts = path.Split('.');
        JsonNode? node = root;
        for (var i = 0; i < parts.Length - 1; i++) node = (node as JsonObject)?[parts[i]];
        return (node as JsonObject, parts[^1]);
    }
}
