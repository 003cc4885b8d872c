namespace Flux.Functional.Tests.Hosting;

/// <summary>One open-mode deployment shared by the tests of a class, in the profile under test; tests use distinct entity ids.</summary>
public class OpenServer : IAsyncLifetime
{
    private FluxUnderTest? _flux;

    public FluxServer Server => (_flux ?? throw new InvalidOperationException("not started")).Server;

    public FluxApi Api => Server.Api;

    protected virtual IReadOnlyDictionary<string, string> Environment => new Dictionary<string, string>();

    public async Task InitializeAsync() => _flux = await FluxUnderTest.StartAsync(Environment, clusterSilos: 2);

    public async Task DisposeAsync()
    {
        if (_flux is not null)
            await _flux.DisposeAsync();
    }
}
