using System.Text.Json;
using Flux.Contract;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using NATS.Client.Core;
using NATS.Client.JetStream;
using NATS.Client.JetStream.Models;
using NATS.Net;

namespace Flux.Storage.JetStream;

/// <summary>
/// A gateway's live changes in the cluster profile (docs/architecture.md §3, step 6): it follows the log itself,
/// from the moment the gateway starts, and announces on the gateway's <see cref="ChangeStream"/> what each
/// stored event changed, in log order. What it reads is durable by construction, and replays never reach it
/// (grains replay by direct gets, not through the stream's consumers).
/// </summary>
/// <remarks>
/// The feed reads through a consumer of its own that delivers in stream order without acknowledgements. When it
/// fails (a reconnect, a restarted server), the feed makes it again from the sequence after the last one it
/// announced: while the gateway lives, no change is lost or announced twice. Changes that are not in the log (the directory's, which a silo computes) arrive on
/// <see cref="ChangeRelay.Subject"/> at most once: a later refresh repeats any property that changed.
/// </remarks>
public sealed partial class JetStreamChangeFeed(IOptions<JetStreamOptions> options, ChangeStream changes, ILogger<JetStreamChangeFeed> logger)
    : BackgroundService
{
    private static readonly NatsRawSerializer<byte[]> Raw = NatsRawSerializer<byte[]>.Default;
    private ulong _lastSequence;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var settings = options.Value;
        await using var nats = new NatsConnection(new NatsOpts
        {
            Url = settings.Url,
            Name = "flux-change-feed",
            MaxReconnectRetry = -1,
            ReconnectWaitMin = TimeSpan.FromMilliseconds(100),
            ReconnectWaitMax = TimeSpan.FromSeconds(1),
        });
        var relayed = RelayedAsync(nats, settings.Stream, stoppingToken);
        var logged = LoggedAsync(nats, settings.Stream, stoppingToken);
        await Task.WhenAll(relayed, logged);
    }

    private async Task LoggedAsync(NatsConnection nats, string stream, CancellationToken stoppingToken)
    {
        var js = nats.CreateJetStreamContext();
        var subjects = new EntitySubjects(stream);
        // A consumer of this gateway's own, made again from the next sequence whenever it fails; the server
        // removes an abandoned one after InactiveThreshold.
        var name = $"flux-feed-{Guid.NewGuid():N}";
        for (var backoff = TimeSpan.FromMilliseconds(250); !stoppingToken.IsCancellationRequested; backoff = Next(backoff))
        {
            try
            {
                // The first time, from what the stream holds now: changes from the gateway's start on.
                _lastSequence = _lastSequence is 0 ? (await js.GetStreamAsync(stream, cancellationToken: stoppingToken)).Info.State.LastSeq : _lastSequence;
                var consumer = await js.CreateOrUpdateConsumerAsync(stream, new ConsumerConfig
                {
                    Name = name,
                    FilterSubject = subjects.All,
                    DeliverPolicy = ConsumerConfigDeliverPolicy.ByStartSequence,
                    OptStartSeq = _lastSequence + 1,
                    AckPolicy = ConsumerConfigAckPolicy.None,
                    InactiveThreshold = TimeSpan.FromSeconds(30),
                    MemStorage = true,
                }, stoppingToken);
                await foreach (var message in consumer.ConsumeAsync(Raw, cancellationToken: stoppingToken))
                {
                    if (message.Metadata is { } metadata)
                        _lastSequence = metadata.Sequence.Stream;
                    if (message.Data is { } data)
                        Announce(EventMessage.Decode(data));
                    backoff = TimeSpan.FromMilliseconds(250);
                }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e)
            {
                LogFollowFailed(e, stream, _lastSequence + 1, backoff.TotalSeconds);
                await Task.Delay(backoff, stoppingToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            }
        }
    }

    private async Task RelayedAsync(NatsConnection nats, string stream, CancellationToken stoppingToken)
    {
        for (var backoff = TimeSpan.FromMilliseconds(250); !stoppingToken.IsCancellationRequested; backoff = Next(backoff))
        {
            try
            {
                await foreach (var message in nats.SubscribeAsync(ChangeRelay.Subject(stream), serializer: Raw, cancellationToken: stoppingToken))
                    if (message.Data is { } data && ChangeRelay.Decode(data) is { } change)
                        changes.Announce(change);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e)
            {
                LogRelayFailed(e, backoff.TotalSeconds);
                await Task.Delay(backoff, stoppingToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            }
        }
    }

    private void Announce(EventMessage message)
    {
        if (message.EntityId is not { } entityId || message.Changes is not { } kinds)
            return;
        for (var i = 0; i < message.Events.Count; i++)
        {
            var stored = message.Events[i];
            switch (kinds[i])
            {
                case ChangeKind.PropertiesChanged when FluxEvent.FromEnvelopeJson(stored.Envelope.Span).TryGetProperties(out var properties):
                    changes.Announce(new PropertiesChanged(entityId, stored.AcceptedAt, properties));
                    break;
                case ChangeKind.Deleted:
                    changes.Announce(new EntityDeleted(entityId, stored.AcceptedAt));
                    break;
            }
        }
    }

    private static TimeSpan Next(TimeSpan backoff) => TimeSpan.FromTicks(Math.Min(backoff.Ticks * 2, TimeSpan.FromSeconds(5).Ticks));

    [LoggerMessage(Level = LogLevel.Warning, Message = "following stream {Stream} failed; resuming at sequence {Sequence} in {Seconds} s")]
    private partial void LogFollowFailed(Exception exception, string stream, ulong sequence, double seconds);

    [LoggerMessage(Level = LogLevel.Warning, Message = "the relayed-change subscription failed; subscribing again in {Seconds} s")]
    private partial void LogRelayFailed(Exception exception, double seconds);
}

/// <summary>
/// A silo's changes that are not events in the log (the directory's recomputed properties), passed to every
/// gateway over core NATS: a silo relays its <see cref="ChangeStream"/>, gateways' <see cref="JetStreamChangeFeed"/>
/// hear it. Outside the stream's subjects, so nothing of it is stored.
/// </summary>
public sealed partial class ChangeRelay(IOptions<JetStreamOptions> options, ChangeStream changes, ILogger<ChangeRelay> logger) : BackgroundService
{
    public static string Subject(string stream) => $"flux-relay.{stream}";

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var settings = options.Value;
        await using var nats = new NatsConnection(new NatsOpts { Url = settings.Url, Name = "flux-change-relay", MaxReconnectRetry = -1 });
        var subject = Subject(settings.Stream);
        try
        {
            await foreach (var change in changes.Reader.ReadAllAsync(stoppingToken))
            {
                try
                {
                    await nats.PublishAsync(subject, Encode(change), serializer: NatsRawSerializer<byte[]>.Default, cancellationToken: stoppingToken);
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    LogRelayFailed(e, change.EntityId);
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    internal static byte[] Encode(EntityChange change)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer, FluxJson.WriterOptions))
        {
            writer.WriteStartObject();
            writer.WriteString("entity_id", change.EntityId);
            writer.WriteNumber("at", (change.Timestamp.UtcTicks - DateTimeOffset.UnixEpoch.UtcTicks) / 10);
            if (change is PropertiesChanged set)
            {
                writer.WritePropertyName("properties");
                set.Properties.WriteTo(writer);
            }
            writer.WriteEndObject();
        }
        return buffer.ToArray();
    }

    internal static EntityChange? Decode(byte[] data)
    {
        using var json = JsonDocument.Parse(data);
        var root = json.RootElement;
        if (root.GetProperty("entity_id").GetString() is not { } entityId)
            return null;
        var at = DateTimeOffset.UnixEpoch.AddTicks(root.GetProperty("at").GetInt64() * 10);
        return root.TryGetProperty("properties", out var properties)
            ? new PropertiesChanged(entityId, at, properties.Clone())
            : new EntityDeleted(entityId, at);
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "a change of {EntityId} could not be relayed to the gateways")]
    private partial void LogRelayFailed(Exception exception, string entityId);
}
