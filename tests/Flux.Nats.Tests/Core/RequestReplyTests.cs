using System.Diagnostics;
using System.Text;
using Flux.Nats.Tests.Infrastructure;

namespace Flux.Nats.Tests.Core;

[Collection(NatsCollection.Name)]
public sealed class RequestReplyTests(NatsServerFixture fixture)
{
    [Fact]
    public async Task request_gets_the_responders_reply()
    {
        await using var nats = await fixture.ConnectAsync();
        var subject = Unique.Subject("svc");
        await using var sub = await nats.SubscribeCoreAsync(subject);
        var responder = Task.Run(async () =>
        {
            await foreach (var msg in sub.ReadAllAsync())
                await msg.ReplyAsync(Encoding.UTF8.GetBytes("echo:" + Encoding.UTF8.GetString(msg.Data.Span)));
        });
        await nats.PingAsync();

        var replies = await Task.WhenAll(Enumerable.Range(0, 50).Select(async i =>
            Encoding.UTF8.GetString((await nats.RequestAsync(subject, Encoding.UTF8.GetBytes(i.ToString()))).Data.Span)));

        Assert.Equal(Enumerable.Range(0, 50).Select(i => "echo:" + i), replies);
        // One muxed inbox plus the responder's subscription: requests add no subscriptions of their own.
        Assert.Equal(2, nats.SubscriptionCount);
    }

    [Fact]
    public async Task request_without_responders_fails_at_once_with_a_typed_error()
    {
        await using var nats = await fixture.ConnectAsync(o => o with { RequestTimeout = TimeSpan.FromSeconds(10) });
        var sw = Stopwatch.StartNew();

        var error = await Assert.ThrowsAsync<NatsNoRespondersException>(async () => await nats.RequestAsync(Unique.Subject("nobody")));

        Assert.True(sw.Elapsed < TimeSpan.FromSeconds(2), $"took {sw.Elapsed}");
        Assert.StartsWith("nobody.", error.Subject);
    }

    [Fact]
    public async Task request_to_a_silent_responder_times_out()
    {
        await using var nats = await fixture.ConnectAsync();
        var subject = Unique.Subject("silent");
        await using var sub = await nats.SubscribeCoreAsync(subject);
        await nats.PingAsync();
        var sw = Stopwatch.StartNew();

        await Assert.ThrowsAsync<NatsTimeoutException>(async () => await nats.RequestAsync(subject, timeout: TimeSpan.FromMilliseconds(200)));

        Assert.InRange(sw.Elapsed, TimeSpan.FromMilliseconds(190), TimeSpan.FromSeconds(2));
    }

    [Fact]
    public async Task cancelled_request_stops_waiting()
    {
        await using var nats = await fixture.ConnectAsync();
        var subject = Unique.Subject("cancel");
        await using var sub = await nats.SubscribeCoreAsync(subject);
        await nats.PingAsync();
        using var cts = new CancellationTokenSource(TimeSpan.FromMilliseconds(100));

        await Assert.ThrowsAnyAsync<OperationCanceledException>(async () => await nats.RequestAsync(subject, ct: cts.Token));
    }
}
