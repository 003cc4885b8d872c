using Flux.Runtime.Tests.Grains;
using Microsoft.Extensions.DependencyInjection;

namespace Flux.Runtime.Tests;

public sealed class RegistrationTests
{
    [Fact]
    public async Task grains_added_through_two_add_grain_runtime_calls_share_one_runtime()
    {
        var services = new ServiceCollection();
        services.AddSingleton(new Probe());
        services.AddGrainRuntime().AddGrain<IProbeGrain, ProbeGrain>("probe", (id, d) => new ProbeGrainReference(id, d));
        services.AddGrainRuntime().AddGrain<IEchoGrain, EchoGrain>("echo", (id, d) => new EchoGrainReference(id, d));
        await using var provider = services.BuildServiceProvider();
        var factory = provider.GetRequiredService<IGrainFactory>();

        Assert.Equal(1, await factory.GetGrain<IProbeGrain>("a").GetActivationAsync());
        Assert.Equal(7, await factory.GetGrain<IEchoGrain>("a").EchoAsync(7));
        Assert.Equal(2, provider.GetRequiredService<IGrainRuntimeStatistics>().ActivationCount);
        Assert.Same(provider.GetRequiredService<GrainRuntime>(), provider.GetRequiredService<IGrainCallDispatcher>());
    }

    [Fact]
    public void a_type_name_registered_twice_fails_at_registration()
    {
        var builder = new ServiceCollection().AddGrainRuntime()
            .AddGrain<IProbeGrain, ProbeGrain>("same", (id, d) => new ProbeGrainReference(id, d));

        var error = Assert.Throws<InvalidOperationException>(
            () => builder.AddGrain<IEchoGrain, EchoGrain>("same", (id, d) => new EchoGrainReference(id, d)));
        Assert.Contains("'same'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task get_grain_for_an_unregistered_interface_fails()
    {
        await using var harness = new RuntimeHarness();

        var error = Assert.Throws<InvalidOperationException>(() => harness.Factory.GetGrain<IEchoGrain>("a"));
        Assert.Contains(nameof(IEchoGrain), error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task references_carry_the_registered_type_name_and_the_key()
    {
        await using var harness = new RuntimeHarness();

        var reference = Assert.IsAssignableFrom<GrainReference>(harness.Grain("k-1"));

        Assert.Equal(new GrainId("probe", "k-1"), reference.GrainId);
    }
}
