namespace Flux.Functional.Tests.Hosting;

/// <summary>One open-mode server shared by the tests of a class; tests use distinct entity ids.</summary>
public class OpenServer : IAsyncLifetime
{
    public FluxServer Server { get; private set; } = null!;

    public FluxApi Api => Server.Api;

    protected virtual IReadOnlyDictionary<string, string> Environment => new Dictionary<string, string>();

    public async Task InitializeAsync() => Server = await FluxServer.StartAsync(Environment);

    public async Task DisposeAsync()
    {
        if (Server is not null)
            await Server.DisposeAsync();
    }
}
