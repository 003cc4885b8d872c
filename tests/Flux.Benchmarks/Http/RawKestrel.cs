using System.Buffers;
using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Threading.Channels;
using Flux.Gateway.Live;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Logging;

namespace Flux.Benchmarks.Http;

/// <summary>
/// The limit Flux's HTTP figures are compared with: a trivial Kestrel app doing the least work the same
/// requests need, run as a process of its own like Flux (<c>raw-kestrel --port N</c>) and measured in the
/// same run. A POST parses the JSON body and answers a small JSON (with <c>--durable DIR</c>, only once the
/// body is fsynced to a file there, see <see cref="DurableFile"/>); a GET answers a fixed entity; and a
/// POST's properties go to every connected <c>/api/ws</c> client as state_update frames, so live delivery
/// has a limit too. That feed keeps nothing, checks nothing and writes nothing to disk, but batches as
/// Flux does: one loop frames the messages published since its last round (with Flux's
/// <see cref="TextFrames"/>) and hands the round to every connection, and a connection's queued rounds
/// leave in one socket write.
/// </summary>
internal static class RawKestrel
{
    private static readonly byte[] Entity =
        """{"id":"bench/e-1","properties":{"temperature":22.5,"status":"ok"},"lastUpdated":"2026-01-01T00:00:00.000000+00:00"}"""u8.ToArray();

    private static readonly Channel<byte[]> Published = Channel.CreateUnbounded<byte[]>(new UnboundedChannelOptions { SingleReader = true });
    private static readonly Lock SubscribersGate = new();
    private static Subscriber[] subscribers = [];

    /// <summary><c>raw-kestrel --port N [--durable DIR]</c>: serves until the process is stopped.</summary>
    public static async Task<int> RunAsync(string[] args)
    {
        var options = new BenchArgs(args);
        var port = options.GetInt("--port", 0);
        if (port == 0)
            throw new ArgumentException("raw-kestrel needs --port N");
        using var durable = options.Get("--durable", "") is { Length: > 0 } directory ? new DurableFile(Path.Combine(directory, "events")) : null;
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(k => k.Listen(IPAddress.Loopback, port));
        var app = builder.Build();
        app.MapGet("/readyz", () => "ok");
        app.MapPost("/api/events", async context =>
        {
            using var body = await JsonDocument.ParseAsync(context.Request.Body);
            var stream = body.RootElement.GetProperty("stream").GetString();
            if (durable is not null)
                await durable.AppendAsync(Encoding.UTF8.GetBytes(body.RootElement.GetRawText()));
            Broadcast(body.RootElement);
            context.Response.ContentType = "application/json";
            await context.Response.WriteAsync($$"""{"eventId":"{{Guid.CreateVersion7()}}","stream":"{{stream}}"}""");
        });
        app.MapGet("/api/state/entities/{**id}", async context =>
        {
            context.Response.ContentType = "application/json";
            await context.Response.Body.WriteAsync(Entity);
        });
        app.MapGet("/api/ws", ServeSubscriberAsync);
        _ = Task.Run(FanOutAsync);
        await app.RunAsync();
        return 0;
    }

    /// <summary>One state_update per property of the event's payload, for every subscriber.</summary>
    private static void Broadcast(JsonElement @event)
    {
        var current = Volatile.Read(ref subscribers);
        if (current.Length == 0
            || !@event.TryGetProperty("payload", out var payload)
            || !payload.TryGetProperty("entity_id", out var entityId)
            || !payload.TryGetProperty("properties", out var properties)
            || properties.ValueKind != JsonValueKind.Object)
            return;
        var timestamp = DateTimeOffset.UtcNow.ToString("yyyy-MM-dd'T'HH:mm:ss.ffffffzzz", System.Globalization.CultureInfo.InvariantCulture);
        foreach (var property in properties.EnumerateObject())
        {
            var message = $$"""{"type":"state_update","entity_id":{{entityId.GetRawText()}},"property":{{JsonSerializer.Serialize(property.Name)}},"value":{{property.Value.GetRawText()}},"timestamp":"{{timestamp}}"}""";
            Published.Writer.TryWrite(Encoding.UTF8.GetBytes(message));
        }
    }

    private static async Task FanOutAsync()
    {
        var round = new ArrayBufferWriter<byte>();
        while (await Published.Reader.WaitToReadAsync())
        {
            round.ResetWrittenCount();
            while (Published.Reader.TryRead(out var message))
                TextFrames.Write(round, message);
            var frames = round.WrittenSpan.ToArray();
            foreach (var subscriber in Volatile.Read(ref subscribers))
                subscriber.Outbound.Writer.TryWrite(frames);
        }
    }

    /// <summary>Upgrades by hand (RFC 6455 §4.2.2) to own the stream, then sends queued frames until the client goes.</summary>
    private static async Task ServeSubscriberAsync(HttpContext context)
    {
        var upgrade = context.Features.Get<IHttpUpgradeFeature>();
        var key = context.Request.Headers.SecWebSocketKey.ToString();
        if (upgrade is not { IsUpgradableRequest: true } || key.Length == 0)
        {
            context.Response.StatusCode = StatusCodes.Status400BadRequest;
            return;
        }
        context.Response.Headers.Connection = "Upgrade";
        context.Response.Headers.Upgrade = "websocket";
        context.Response.Headers.SecWebSocketAccept =
            Convert.ToBase64String(SHA1.HashData(Encoding.ASCII.GetBytes(key + "258EAFA5-E914-47DA-95CA-C5AB0DC85B11")));
        var stream = await upgrade.UpgradeAsync();
        var subscriber = new Subscriber();
        lock (SubscribersGate)
            subscribers = [.. subscribers, subscriber];
        var sending = SendAsync(stream, subscriber.Outbound.Reader, context.RequestAborted);
        try
        {
            // The client's frames (its subscribe) are read and dropped; the feed ends when it closes.
            var discard = new byte[4096];
            while (await stream.ReadAsync(discard, context.RequestAborted) > 0)
            {
            }
        }
        catch (Exception e) when (e is IOException or OperationCanceledException)
        {
        }
        finally
        {
            lock (SubscribersGate)
                subscribers = [.. subscribers.Where(s => s != subscriber)];
            subscriber.Outbound.Writer.TryComplete();
        }
        try
        {
            await sending;
        }
        catch (Exception e) when (e is IOException or OperationCanceledException)
        {
        }
    }

    private static async Task SendAsync(Stream stream, ChannelReader<byte[]> outbound, CancellationToken aborted)
    {
        var buffer = new ArrayBufferWriter<byte>();
        while (await outbound.WaitToReadAsync(aborted))
        {
            buffer.ResetWrittenCount();
            while (outbound.TryRead(out var frame))
                buffer.Write(frame);
            await stream.WriteAsync(buffer.WrittenMemory, aborted);
        }
    }

    private sealed class Subscriber
    {
        public Channel<byte[]> Outbound { get; } = Channel.CreateUnbounded<byte[]>(new UnboundedChannelOptions { SingleReader = true });
    }
}
