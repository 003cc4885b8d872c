namespace Flux.Nats.Tests.Infrastructure;

/// <summary>One shared server for the integration tests; each test uses its own subjects and streams.</summary>
public sealed class NatsServerFixture : IAsyncLifetime
{
    public NatsServer Server { get; private set; } = null!;

    public async Task InitializeAsync() => Server = await NatsServer.StartAsync();

    public async Task DisposeAsync() => await Server.DisposeAsync();

    public async Task<NatsConnection> ConnectAsync(Func<NatsOpts, NatsOpts>? configure = null)
    {
        var opts = Server.Opts();
        var nats = new NatsConnection(configure is null ? opts : configure(opts));
        await nats.ConnectAsync();
        return nats;
    }
}
