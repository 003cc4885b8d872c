using Flux.Nats.Tests.Infrastructure;

namespace Flux.Nats.Tests.Core;

public sealed class AuthTests
{
    [Fact]
    public async Task token_auth_connects_with_the_token_and_is_refused_without_it()
    {
        await using var server = await NatsServer.StartAsync("--auth", "s3cret");

        await using (var ok = new NatsConnection(server.Opts() with { AuthToken = "s3cret" }))
        {
            await ok.ConnectAsync();
            Assert.True(ok.ServerInfo!.AuthRequired);
            await ok.PingAsync();
        }
        await using var bad = new NatsConnection(server.Opts() with { AuthToken = "wrong" });
        var error = await Assert.ThrowsAsync<NatsServerErrorException>(async () => await bad.ConnectAsync());
        Assert.Contains("Authorization Violation", error.Error);
    }

    [Fact]
    public async Task user_and_password_from_the_url_authenticate()
    {
        await using var server = await NatsServer.StartAsync("--user", "flux", "--pass", "p4ss");

        await using var ok = new NatsConnection(new NatsOpts { Url = $"nats://flux:p4ss@127.0.0.1:{server.Port}" });
        await ok.ConnectAsync();
        await ok.PingAsync();

        await using var bad = new NatsConnection(server.Opts() with { Username = "flux", Password = "nope" });
        await Assert.ThrowsAsync<NatsServerErrorException>(async () => await bad.ConnectAsync());
    }
}
