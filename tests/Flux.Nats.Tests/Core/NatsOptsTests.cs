namespace Flux.Nats.Tests.Core;

public sealed class NatsOptsTests
{
    [Fact]
    public void invalid_options_fail_when_the_connection_is_built()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new NatsConnection(new NatsOpts { MaxPingOut = 0 }));
        Assert.Throws<ArgumentOutOfRangeException>(() => new NatsConnection(new NatsOpts { ReconnectWaitMin = TimeSpan.FromSeconds(5), ReconnectWaitMax = TimeSpan.FromSeconds(1) }));
        Assert.Throws<ArgumentOutOfRangeException>(() => new NatsConnection(new NatsOpts { WriterBufferSize = 1024 * 1024, ReconnectBufferSize = 2 * 1024 * 1024 }));
        Assert.Throws<ArgumentException>(() => new NatsConnection(new NatsOpts { Url = "tls://127.0.0.1:4222" }));
    }

    [Fact]
    public void credentials_in_the_url_are_picked_up()
    {
        var userPass = Flux.Nats.Internal.ServerAddress.Parse("nats://flux:p%40ss@127.0.0.1:4333");
        Assert.Equal(("flux", "p@ss", 4333), (userPass.User, userPass.Password, userPass.Port));
        var token = Flux.Nats.Internal.ServerAddress.Parse("127.0.0.1");
        Assert.Equal((null, 4222), (token.Token, token.Port));
        Assert.Equal("s3cret", Flux.Nats.Internal.ServerAddress.Parse("nats://s3cret@[::1]:5000").Token);
    }
}
