using System.Text.Json;
using Flux.Contract;

namespace Flux.Grains.Tests;

internal static class TestEvents
{
    /// <summary>An event setting <paramref name="propertiesJson"/> on <paramref name="entityId"/>.</summary>
    public static FluxEvent Event(string eventId, string entityId, string propertiesJson)
    {
        using var payload = JsonDocument.Parse($$"""{"entity_id":{{JsonSerializer.Serialize(entityId)}},"properties":{{propertiesJson}}}""");
        return new FluxEvent(eventId, "sensors", "agent-1", 1, null, null, payload.RootElement.Clone());
    }
}
