using Flux.Nats.JetStream;
using Flux.Nats.JetStream.Models;

namespace Flux.Nats.Tests.Infrastructure;

/// <summary>A connection, a JetStream context and a stream of its own for each test.</summary>
public abstract class JetStreamTestBase(NatsServerFixture fixture) : IAsyncLifetime
{
    protected NatsServerFixture Fixture { get; } = fixture;
    protected NatsConnection Nats { get; private set; } = null!;
    protected NatsJSContext Js { get; private set; } = null!;
    protected string Stream { get; } = Unique.Name("S");
    protected string Root => Stream.ToLowerInvariant();

    public async Task InitializeAsync()
    {
        Nats = await Fixture.ConnectAsync();
        Js = new NatsJSContext(Nats);
    }

    protected Task<StreamInfo> CreateStreamAsync(Func<StreamConfig, StreamConfig>? configure = null)
    {
        var config = new StreamConfig(Stream, [Root + ".>"]) { Storage = StreamConfigStorage.File };
        return Js.CreateStreamAsync(configure is null ? config : configure(config)).AsTask();
    }

    public async Task DisposeAsync()
    {
        try { await Js.DeleteStreamAsync(Stream); } catch (NatsException) { }
        await Nats.DisposeAsync();
    }
}
