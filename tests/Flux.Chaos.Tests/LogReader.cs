using System.Text.Json;
using Flux.Storage.JetStream;
using NATS.Client.JetStream;
using NATS.Net;

namespace Flux.Chaos.Tests;

/// <summary>Reads what the log holds, straight from the JetStream stream: every entity message in stream order.</summary>
internal static class LogReader
{
    public static async Task<IReadOnlyDictionary<string, IReadOnlyList<LoggedEvent>>> ReadAsync(string natsUrl, IReadOnlySet<string> entities)
    {
        var stream = new JetStreamOptions().Stream;
        var log = entities.ToDictionary(e => e, _ => new List<LoggedEvent>(), StringComparer.Ordinal);
        await using var client = new NatsClient(natsUrl);
        var consumer = await client.CreateJetStreamContext().CreateOrderedConsumerAsync(stream,
            new NatsJSOrderedConsumerOpts { FilterSubjects = [$"{stream}.e.>"] });
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await foreach (var message in consumer.ConsumeAsync<byte[]>(cancellationToken: timeout.Token))
        {
            var metadata = message.Metadata ?? throw new InvalidOperationException("a stream message without metadata");
            var stored = EventMessage.Decode(message.Data);
            if (stored.EntityId is { } entity && log.TryGetValue(entity, out var events))
            {
                var appendedBy = message.Headers?[JetStreamEventLog.AppendedByHeader].ToString() ?? "(unnamed)";
                foreach (var e in stored.Events)
                {
                    using var envelope = JsonDocument.Parse(e.Envelope);
                    var value = envelope.RootElement.GetProperty("payload").GetProperty("properties").GetProperty("v").GetString()!;
                    events.Add(new LoggedEvent(entity, value, (long)metadata.Sequence.Stream, stored.Previous.Count > 0 ? stored.Previous[0] : null,
                        appendedBy, metadata.Timestamp));
                }
            }
            if (metadata.NumPending == 0)
                break;
        }
        return log.ToDictionary(pair => pair.Key, pair => (IReadOnlyList<LoggedEvent>)pair.Value, StringComparer.Ordinal);
    }
}
