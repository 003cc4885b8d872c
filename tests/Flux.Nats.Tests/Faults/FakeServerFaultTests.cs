using System.Diagnostics;
using Flux.Nats.Tests.Infrastructure;

namespace Flux.Nats.Tests.Faults;

public sealed class FakeServerFaultTests
{
    // A connect that should succeed gets a generous timeout: these tests share two cores with the others.
    private static NatsOpts Opts(FakeNatsServer server) => new()
    {
        Url = server.Url,
        ConnectTimeout = TimeSpan.FromSeconds(5),
        MaxReconnectRetry = 0,
    };

    [Fact]
    public async Task garbage_instead_of_info_fails_the_connect_with_a_protocol_error()
    {
        await using var server = new FakeNatsServer(async (c, ct) =>
        {
            await c.SendAsync("HTTP/1.1 400 Bad Request\r\n\r\n", ct);
            await c.SwallowAsync(ct);
        });
        await using var nats = new NatsConnection(Opts(server));
        var sw = Stopwatch.StartNew();

        var error = await Assert.ThrowsAsync<NatsProtocolException>(async () => await nats.ConnectAsync());

        Assert.Contains("HTTP/1.1", error.Message);
        Assert.True(sw.Elapsed < TimeSpan.FromSeconds(3), $"should fail on the bytes, not the timeout: {sw.Elapsed}");
        Assert.Equal(NatsConnectionState.Closed, nats.ConnectionState);
    }

    [Fact]
    public async Task a_server_that_says_nothing_fails_the_connect_after_the_timeout()
    {
        await using var server = new FakeNatsServer((c, ct) => c.SwallowAsync(ct));
        await using var nats = new NatsConnection(Opts(server) with { ConnectTimeout = TimeSpan.FromMilliseconds(500) });

        var error = await Assert.ThrowsAsync<NatsException>(async () => await nats.ConnectAsync());

        Assert.Contains("timed out", error.Message);
    }

    [Fact]
    public async Task garbage_after_the_handshake_fails_the_connection_and_its_pending_requests()
    {
        await using var server = new FakeNatsServer(async (c, ct) =>
        {
            await c.HandshakeAsync(ct);
            while (await c.ReadLineAsync(ct) is { } line)
            {
                if (line.StartsWith("PUB ", StringComparison.Ordinal)) { await c.SendAsync("\u0001\u0002 not nats\r\n", ct); break; }
            }
            await c.SwallowAsync(ct);
        });
        await using var nats = new NatsConnection(Opts(server));
        var disconnected = new TaskCompletionSource<NatsConnectionEventArgs>();
        nats.Disconnected += (_, e) => disconnected.TrySetResult(e);
        await nats.ConnectAsync();

        var error = await Assert.ThrowsAsync<NatsConnectionLostException>(async () => await nats.RequestAsync("svc", timeout: TimeSpan.FromSeconds(10)));

        Assert.IsType<NatsProtocolException>(error.InnerException);
        Assert.IsType<NatsProtocolException>((await disconnected.Task.WaitAsync(TimeSpan.FromSeconds(5))).Error);
        await WaitForAsync(() => nats.ConnectionState == NatsConnectionState.Closed);
    }

    [Fact]
    public async Task a_server_that_stops_answering_pings_is_detected_as_stale()
    {
        await using var server = new FakeNatsServer(async (c, ct) =>
        {
            await c.HandshakeAsync(ct);
            await c.SwallowAsync(ct); // reads our PINGs, never answers
        });
        await using var nats = new NatsConnection(Opts(server) with { PingInterval = TimeSpan.FromMilliseconds(100), MaxPingOut = 2 });
        var disconnected = new TaskCompletionSource<NatsConnectionEventArgs>();
        nats.Disconnected += (_, e) => disconnected.TrySetResult(e);
        await nats.ConnectAsync();
        var sw = Stopwatch.StartNew();

        var e = await disconnected.Task.WaitAsync(TimeSpan.FromSeconds(5));

        Assert.Contains("stale", e.Message);
        Assert.InRange(sw.Elapsed, TimeSpan.FromMilliseconds(200), TimeSpan.FromSeconds(2));
    }

    [Fact]
    public async Task an_answering_server_keeps_the_connection_alive_across_many_ping_intervals()
    {
        await using var server = new FakeNatsServer(async (c, ct) =>
        {
            await c.HandshakeAsync(ct);
            while (await c.ReadLineAsync(ct) is { } line)
                if (line == "PING") await c.SendAsync("PONG\r\n", ct);
        });
        // Generous margins: the suite shares two cores with the other test assemblies.
        await using var nats = new NatsConnection(Opts(server) with
        {
            PingInterval = TimeSpan.FromMilliseconds(100),
            MaxPingOut = 5,
        });
        var disconnects = 0;
        nats.Disconnected += (_, _) => Interlocked.Increment(ref disconnects);
        await nats.ConnectAsync();

        await Task.Delay(1200);

        Assert.Equal(0, disconnects);
        Assert.Equal(NatsConnectionState.Open, nats.ConnectionState);
    }

    [Fact]
    public async Task a_ping_from_the_server_is_answered_with_pong()
    {
        var ponged = new TaskCompletionSource();
        await using var server = new FakeNatsServer(async (c, ct) =>
        {
            await c.HandshakeAsync(ct);
            await c.SendAsync("PING\r\n", ct);
            while (await c.ReadLineAsync(ct) is { } line)
                if (line == "PONG") ponged.TrySetResult();
        });
        await using var nats = new NatsConnection(Opts(server));
        await nats.ConnectAsync();

        await ponged.Task.WaitAsync(TimeSpan.FromSeconds(5));
        Assert.Equal(NatsConnectionState.Open, nats.ConnectionState);
    }

    [Fact]
    public async Task a_server_error_is_reported_and_named_in_the_disconnect_reason()
    {
        await using var server = new FakeNatsServer(async (c, ct) =>
        {
            await c.HandshakeAsync(ct);
            await c.SendAsync("-ERR 'Maximum Connections Exceeded'\r\n", ct); // then the server hangs up
        });
        await using var nats = new NatsConnection(Opts(server));
        var serverError = new TaskCompletionSource<NatsConnectionEventArgs>();
        var disconnected = new TaskCompletionSource<NatsConnectionEventArgs>();
        nats.ServerError += (_, e) => serverError.TrySetResult(e);
        nats.Disconnected += (_, e) => disconnected.TrySetResult(e);
        await nats.ConnectAsync();

        var error = await serverError.Task.WaitAsync(TimeSpan.FromSeconds(5));
        var lost = await disconnected.Task.WaitAsync(TimeSpan.FromSeconds(5));

        Assert.Equal("Maximum Connections Exceeded", Assert.IsType<NatsServerErrorException>(error.Error).Error);
        Assert.Contains("Maximum Connections Exceeded", lost.Message);
    }

    [Fact]
    public async Task a_server_that_stops_reading_makes_publishers_wait_instead_of_buffering_without_bound()
    {
        await using var server = new FakeNatsServer(async (c, ct) =>
        {
            await c.HandshakeAsync(ct);
            await Task.Delay(Timeout.Infinite, ct); // never reads again: the socket fills up
        });
        await using var nats = new NatsConnection(Opts(server) with { WriterBufferSize = 64 * 1024, ReconnectBufferSize = 64 * 1024 });
        await nats.ConnectAsync();
        var payload = new byte[16 * 1024];
        long sent = 0;

        var pending = Task.CompletedTask;
        while (sent < 256L * 1024 * 1024)
        {
            pending = nats.PublishAsync("flood", payload).AsTask();
            if (await Task.WhenAny(pending, Task.Delay(300)) != pending) break;
            sent += payload.Length;
        }

        Assert.False(pending.IsCompleted, $"publishing never waited after {sent} bytes");
        Assert.True(sent < 64L * 1024 * 1024, $"sent {sent} bytes before waiting");
    }

    private static async Task WaitForAsync(Func<bool> condition)
    {
        var sw = Stopwatch.StartNew();
        while (!condition())
        {
            if (sw.Elapsed > TimeSpan.FromSeconds(5)) throw new TimeoutException("condition not reached");
            await Task.Delay(10);
        }
    }
}
