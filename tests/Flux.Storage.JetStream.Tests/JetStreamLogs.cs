using System.Collections.Concurrent;
using System.Text;
using System.Text.Json;
using Flux.Testing;

namespace Flux.Storage.JetStream.Tests;

/// <summary>A real nats-server for one test class; each log it opens gets a stream of its own unless one is named.</summary>
public sealed class NatsFixture : IAsyncLifetime
{
    public NatsServer Server { get; } = new();

    public Task InitializeAsync() => Server.StartAsync();

    public async Task DisposeAsync() => await Server.DisposeAsync();

    public async Task<JetStreamEventLog> OpenLogAsync(string? stream = null, IEntityIndexWriter? index = null, RetentionPolicy? retention = null)
    {
        var log = new JetStreamEventLog(Options(stream ?? NewStream()), retention ?? new RetentionPolicy(0, 0), index ?? new RecordingIndexWriter());
        await log.StartAsync();
        return log;
    }

    /// <summary>The product's defaults but for the server and stream: the test classes' servers share two cores.</summary>
    public JetStreamOptions Options(string stream) => new() { Url = Server.Url, Stream = stream };

    public static string NewStream() => "T" + Guid.NewGuid().ToString("N");
}

/// <summary>Stands in for the PostgreSQL write-behind index: keeps what it was handed.</summary>
public sealed class RecordingIndexWriter : IEntityIndexWriter
{
    public ConcurrentQueue<EntitySnapshot> States { get; } = new();

    public void Enqueue(EntitySnapshot state) => States.Enqueue(state);
}

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
        return new EventRecord(eventId, entityId, source, acceptedAt ?? DateTimeOffset.UtcNow, envelope);
    }

    public static EntitySnapshot State(string entityId, string propertiesJson) =>
        new(entityId, Encoding.UTF8.GetBytes(propertiesJson), Start, 0);

    public static AppendBatch Batch(params EventRecord[] events) => new(events);

    public static async Task<List<StoredEvent>> ReplayAsync(this IEventLog log, string entityId, long after = 0)
    {
        var events = new List<StoredEvent>();
        await foreach (var e in log.ReadEntityAsync(entityId, after))
            events.Add(e);
        return events;
    }
}
