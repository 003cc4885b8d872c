using System.Diagnostics;
using Flux.Nats.JetStream;
using Flux.Nats.JetStream.Models;
using Flux.Nats.Tests.Infrastructure;

namespace Flux.Nats.Tests.Faults;

/// <summary>Each test owns its server so it can kill and restart it (same port, same store).</summary>
public sealed class ServerRestartTests
{
    private static NatsOpts Opts(NatsServer server) => server.Opts() with
    {
        ReconnectWaitMin = TimeSpan.FromMilliseconds(20),
        ReconnectWaitMax = TimeSpan.FromMilliseconds(200),
        RequestTimeout = TimeSpan.FromSeconds(1),
    };

    [Fact]
    public async Task client_reconnects_by_itself_and_its_subscriptions_work_again()
    {
        await using var server = await NatsServer.StartAsync();
        await using var nats = new NatsConnection(Opts(server));
        var events = new List<string>();
        nats.Connected += (_, _) => { lock (events) events.Add("connected"); };
        nats.Disconnected += (_, _) => { lock (events) events.Add("disconnected"); };
        var reconnected = new TaskCompletionSource();
        nats.Reconnected += (_, _) => { lock (events) events.Add("reconnected"); reconnected.TrySetResult(); };
        await nats.ConnectAsync();
        await using var sub = await nats.SubscribeCoreAsync("restart.test");
        await nats.PingAsync();

        await server.RestartAsync();
        await reconnected.Task.WaitAsync(TimeSpan.FromSeconds(10));
        await nats.PublishAsync("restart.test", new byte[] { 42 });
        await nats.PingAsync();

        var msg = await sub.Msgs.ReadAsync().AsTask().WaitAsync(TimeSpan.FromSeconds(5));
        Assert.Equal(42, msg.Data.Span[0]);
        await Task.Delay(50);
        Assert.False(sub.Msgs.TryRead(out _), "the resubscribe must not deliver twice");
        lock (events) Assert.Equal(["connected", "disconnected", "reconnected"], events);
    }

    [Fact]
    public async Task publishes_while_disconnected_are_buffered_up_to_the_bound_and_sent_after_reconnect()
    {
        await using var server = await NatsServer.StartAsync();
        await using var nats = new NatsConnection(Opts(server) with { ReconnectBufferSize = 64 * 1024, ReconnectWaitMin = TimeSpan.FromMilliseconds(200), ReconnectWaitMax = TimeSpan.FromMilliseconds(400) });
        var disconnected = new TaskCompletionSource();
        var reconnected = new TaskCompletionSource();
        nats.Disconnected += (_, _) => disconnected.TrySetResult();
        nats.Reconnected += (_, _) => reconnected.TrySetResult();
        await nats.ConnectAsync();
        await using var sub = await nats.SubscribeCoreAsync("buffered.>");
        await nats.PingAsync();

        server.Kill();
        await disconnected.Task.WaitAsync(TimeSpan.FromSeconds(5));
        var buffered = 0;
        var full = await Assert.ThrowsAsync<NatsReconnectBufferFullException>(async () =>
        {
            while (true)
            {
                await nats.PublishAsync("buffered.x", new byte[1000]);
                buffered++;
            }
        });
        Assert.Equal(64 * 1024, full.Bound);
        Assert.InRange(buffered, 50, 64);

        await server.StartProcessAsync();
        await reconnected.Task.WaitAsync(TimeSpan.FromSeconds(10));
        await nats.PingAsync();
        await Task.Delay(50);
        Assert.Equal(buffered, sub.Delivered);
    }

    [Fact]
    public async Task killed_mid_publish_the_client_recovers_and_msg_id_retries_store_each_event_once()
    {
        await using var server = await NatsServer.StartAsync();
        await using var nats = new NatsConnection(Opts(server));
        var reconnects = 0;
        nats.Reconnected += (_, _) => Interlocked.Increment(ref reconnects);
        await nats.ConnectAsync();
        var js = new NatsJSContext(nats);
        await js.CreateStreamAsync(new StreamConfig("EVENTS", ["ev.>"]) { Storage = StreamConfigStorage.File, DuplicateWindow = TimeSpan.FromMinutes(2) });
        var restarted = false;

        // Keeps writing until the restart is over, so the kill always lands in the middle.
        var writer = Task.Run(async () =>
        {
            var i = 0;
            for (; i < 200 || !Volatile.Read(ref restarted); i++)
            {
                var opts = new NatsJSPubOpts { MsgId = $"evt-{i}" };
                while (true)
                {
                    try
                    {
                        await js.PublishAsync($"ev.{i % 7}", BitConverter.GetBytes(i), opts: opts);
                        break;
                    }
                    catch (NatsException) // lost connection, no responders while JetStream restarts, timeout
                    {
                        await Task.Delay(20);
                    }
                }
            }
            return i;
        });
        while ((await js.GetStreamAsync("EVENTS")).State.Messages < 100) await Task.Delay(5);
        await server.RestartAsync();
        Volatile.Write(ref restarted, true);
        var total = await writer.WaitAsync(TimeSpan.FromSeconds(30));

        var state = (await js.GetStreamAsync("EVENTS")).State;
        // A publish in flight at the kill fails and is retried (maybe stored already: the Msg-Id makes
        // the retry a duplicate); one written while disconnected waits in the buffer. Either way: once.
        Assert.Equal(1, reconnects);
        Assert.Equal((ulong)total, state.Messages);
        Assert.Equal((ulong)total, state.LastSeq);
        var seen = new HashSet<int>();
        await foreach (var m in js.ReplaySubjectAsync("EVENTS", "ev.3")) Assert.True(seen.Add(BitConverter.ToInt32(m.Data.Span)));
        Assert.Equal(Enumerable.Range(0, total).Count(i => i % 7 == 3), seen.Count);
    }

    [Fact]
    public async Task a_frozen_server_is_detected_as_stale_and_the_client_comes_back_when_it_thaws()
    {
        await using var server = await NatsServer.StartAsync();
        await using var nats = new NatsConnection(Opts(server) with { PingInterval = TimeSpan.FromMilliseconds(100), MaxPingOut = 2 });
        var disconnected = new TaskCompletionSource<NatsConnectionEventArgs>();
        var reconnected = new TaskCompletionSource();
        nats.Disconnected += (_, e) => disconnected.TrySetResult(e);
        nats.Reconnected += (_, _) => reconnected.TrySetResult();
        await nats.ConnectAsync();

        server.Freeze();
        try
        {
            var e = await disconnected.Task.WaitAsync(TimeSpan.FromSeconds(5));
            Assert.Contains("stale", e.Message);
        }
        finally
        {
            server.Thaw();
        }
        await reconnected.Task.WaitAsync(TimeSpan.FromSeconds(10));
        await nats.PingAsync();
    }

    [Fact]
    public async Task a_client_that_cannot_reconnect_gives_up_and_closes()
    {
        await using var server = await NatsServer.StartAsync();
        await using var nats = new NatsConnection(Opts(server) with { MaxReconnectRetry = 2 });
        await nats.ConnectAsync();
        await using var sub = await nats.SubscribeCoreAsync("gone");

        server.Kill();
        var sw = Stopwatch.StartNew();
        while (nats.ConnectionState != NatsConnectionState.Closed && sw.Elapsed < TimeSpan.FromSeconds(5)) await Task.Delay(10);

        Assert.Equal(NatsConnectionState.Closed, nats.ConnectionState);
        Assert.False(await sub.Msgs.WaitToReadAsync().AsTask().WaitAsync(TimeSpan.FromSeconds(1)));
        await Assert.ThrowsAsync<NatsConnectionClosedException>(async () => await nats.PublishAsync("gone"));
    }
}
