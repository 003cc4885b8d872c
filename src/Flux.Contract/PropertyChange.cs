using System.Text.Json;

namespace Flux.Contract;

/// <summary>One key of an event's <c>properties</c> and the value it sets (the last one, if the key is repeated).</summary>
/// <param name="Property">The key's first occurrence in the submitted object (gives its name).</param>
/// <param name="Value">The value the entity now holds for that key.</param>
public readonly record struct PropertyChange(JsonProperty Property, JsonElement Value)
{
    /// <summary>The property name, decoded.</summary>
    public string Name => Property.Name;
}
