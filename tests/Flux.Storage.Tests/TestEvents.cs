using System.Text;
using System.Text.Json;

namespace Flux.Storage.Tests;

/// <summary>Builds events and states the way the grains hand them to the log.</summary>
internal static class TestEvents
{
    public static readonly DateTimeOffset Start = new(2026, 2, 25, 9, 15, 42, TimeSpan.Zero);

    public static EventRecord Event(string eventId, string? entityId, DateTimeOffset? acceptedAt = null, string source = "agent-07")
    {
        var envelope = JsonSerializer.SerializeToUtf8Bytes(new
        {
            eventId,
            stream = "plant.pumps",
            source,
            timestamp = 1767225600123,
            payload = new { entity_id = entityId, properties = new { pressure = 3.5 } },
        });
        return new EventRecord(eventId, entityId, source, acceptedAt ?? Start, envelope);
    }

    public static EntitySnapshot State(string entityId, string propertiesJson, DateTimeOffset? lastUpdated = null) =>
        new(entityId, Encoding.UTF8.GetBytes(propertiesJson), lastUpdated ?? Start, 0);

    public static EntitySnapshot Deleted(string entityId, DateTimeOffset? at = null) => new(entityId, null, at ?? Start, 0);

    public static string Text(ReadOnlyMemory<byte> bytes) => Encoding.UTF8.GetString(bytes.Span);

    public static AppendBatch Batch(params EventRecord[] events) => new(events);
}
