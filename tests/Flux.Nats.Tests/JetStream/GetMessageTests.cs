using System.Text;
using Flux.Nats.JetStream;
using Flux.Nats.JetStream.Models;
using Flux.Nats.Tests.Infrastructure;

namespace Flux.Nats.Tests.JetStream;

[Collection(NatsCollection.Name)]
public sealed class GetMessageTests(NatsServerFixture fixture) : JetStreamTestBase(fixture)
{
    private async Task SeedAsync()
    {
        await Js.PublishAsync(Root + ".a", "a1"u8.ToArray(), new NatsHeaders { { "Flux-Type", "created" } }); // 1
        await Js.PublishAsync(Root + ".b", "b1"u8.ToArray()); // 2
        await Js.PublishAsync(Root + ".a", "a2"u8.ToArray()); // 3
        await Js.PublishAsync(Root + ".b", "b2"u8.ToArray()); // 4
    }

    public static TheoryData<string> Ways => new() { "api", "direct" };

    private ValueTask<NatsJSStoredMsg> Get(string way, StreamMsgGetRequest request) =>
        way == "api" ? Js.GetMsgByApiAsync(Stream, request) : Js.GetMsgDirectAsync(Stream, request);

    [Theory, MemberData(nameof(Ways))]
    public async Task get_by_sequence_last_by_subject_and_next_by_subject(string way)
    {
        await CreateStreamAsync(c => c with { AllowDirect = true });
        await SeedAsync();

        var bySeq = await Get(way, new StreamMsgGetRequest { Seq = 1 });
        Assert.Equal(Root + ".a", bySeq.Subject);
        Assert.Equal("a1", Encoding.UTF8.GetString(bySeq.Data.Span));
        Assert.Equal("created", bySeq.Headers?["Flux-Type"]);
        Assert.True(bySeq.Time > DateTimeOffset.UtcNow.AddMinutes(-5));

        var last = await Get(way, new StreamMsgGetRequest { LastBySubj = Root + ".a" });
        Assert.Equal(3UL, last.Sequence);
        Assert.Equal("a2", Encoding.UTF8.GetString(last.Data.Span));

        var next = await Get(way, new StreamMsgGetRequest { Seq = 3, NextBySubj = Root + ".b" });
        Assert.Equal(4UL, next.Sequence);
    }

    [Theory, MemberData(nameof(Ways))]
    public async Task get_of_a_missing_message_is_a_typed_not_found(string way)
    {
        await CreateStreamAsync(c => c with { AllowDirect = true });
        await SeedAsync();
        await Assert.ThrowsAsync<NatsJSMsgNotFoundException>(async () => await Get(way, new StreamMsgGetRequest { LastBySubj = Root + ".none" }));
        await Assert.ThrowsAsync<NatsJSMsgNotFoundException>(async () => await Get(way, new StreamMsgGetRequest { Seq = 99 }));
    }

    [Fact]
    public async Task get_uses_direct_when_allowed_and_falls_back_to_the_api_when_not()
    {
        await CreateStreamAsync(c => c with { AllowDirect = false });
        await SeedAsync();

        // Without allow_direct nobody answers a direct get; the probe avoids waiting for that.
        var impatient = new NatsJSContext(Nats, new NatsJSOpts { RequestTimeout = TimeSpan.FromSeconds(2) });
        var quick = new NatsJSContext(Nats, new NatsJSOpts { RequestTimeout = TimeSpan.FromMilliseconds(300) });
        await Assert.ThrowsAsync<NatsTimeoutException>(async () => await quick.GetMsgDirectAsync(Stream, new StreamMsgGetRequest { Seq = 2 }));
        var sw = System.Diagnostics.Stopwatch.StartNew();
        var msg = await impatient.GetMsgAsync(Stream, new StreamMsgGetRequest { LastBySubj = Root + ".b" });
        Assert.Equal(4UL, msg.Sequence);
        Assert.True(sw.Elapsed < TimeSpan.FromSeconds(1.5), $"fallback took {sw.Elapsed}");

        var info = await Js.GetStreamAsync(Stream);
        await Js.UpdateStreamAsync(info.Config with { AllowDirect = true });
        var direct = await Js.GetMsgDirectAsync(Stream, new StreamMsgGetRequest { Seq = 2 });
        Assert.Equal("b1", Encoding.UTF8.GetString(direct.Data.Span));
        Assert.Equal(4UL, (await Js.GetMsgAsync(Stream, new StreamMsgGetRequest { LastBySubj = Root + ".b" })).Sequence);
    }
}
