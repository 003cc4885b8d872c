using Flux.Grains.Interfaces;

namespace Flux.Grains.Tests.Namespaces;

public sealed class NamespaceGrainTests : IDisposable
{
    private readonly TempDirectory _data = new();

    public void Dispose() => _data.Dispose();

    [Fact]
    public async Task a_namespaces_own_connector_writes_need_no_token_but_draw_on_the_same_bucket_as_its_token_writes()
    {
        await using var silo = await GrainHarness.StartAsync(_data.Path);
        var grain = silo.Grains.GetGrain<INamespaceGrain>("acme");
        var registered = await grain.RegisterAsync();

        var own = await grain.AdmitOwnWritesAsync(count: 2, ratePerMinute: 3);
        var withToken = await grain.AdmitWritesAsync(registered!.Token, count: 2, ratePerMinute: 3);

        Assert.Equal((WriteVerdict.Allowed, 2), (own.Verdict, own.Admitted));
        Assert.Equal((WriteVerdict.Allowed, 1), (withToken.Verdict, withToken.Admitted));
        Assert.InRange(withToken.RetryAfterSeconds, 1, 60);
    }

    [Fact]
    public async Task an_unregistered_namespace_admits_no_connector_writes()
    {
        await using var silo = await GrainHarness.StartAsync(_data.Path);

        var admission = await silo.Grains.GetGrain<INamespaceGrain>("nobody").AdmitOwnWritesAsync(count: 1, ratePerMinute: 0);

        Assert.Equal((WriteVerdict.NotRegistered, 0), (admission.Verdict, admission.Admitted));
    }
}
