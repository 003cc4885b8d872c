using System.Collections.Concurrent;
using Flux.Grains.Interfaces;
using Flux.Runtime;
using Flux.Storage;
using Flux.Storage.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Flux.Grains.Tests;

/// <summary>The grains on the real runtime and the real embedded store, in a temp directory.</summary>
internal sealed class GrainHarness : IAsyncDisposable
{
    private readonly IHost _host;

    private GrainHarness(IHost host) => _host = host;

    public IGrainFactory Grains => _host.Services.GetRequiredService<IGrainFactory>();

    public IEventLog Log => _host.Services.GetRequiredService<IEventLog>();

    public IEntityIndex Index => _host.Services.GetRequiredService<IEntityIndex>();

    public EventIdGenerator EventIds => _host.Services.GetRequiredService<EventIdGenerator>();

    public ChangeRecorder Changes => _host.Services.GetRequiredService<ChangeRecorder>();

    public static async Task<GrainHarness> StartAsync(string dataDirectory, Action<GrainRuntimeOptions>? runtime = null)
    {
        var host = new HostBuilder().ConfigureServices(services =>
        {
            services.AddSingleton(TimeProvider.System);
            services.AddSingleton<EventIdGenerator>();
            services.AddSingleton<ChangeRecorder>();
            services.AddSingleton<IChangeFeed>(sp => sp.GetRequiredService<ChangeRecorder>());
            services.AddEmbeddedStorage(dataDirectory);
            services.AddGrainRuntime(runtime).AddFluxGrains();
        }).Build();
        await host.StartAsync();
        return new GrainHarness(host);
    }

    public async ValueTask DisposeAsync()
    {
        await _host.StopAsync();
        _host.Dispose();
    }

    /// <summary>Keeps every announced change, in order.</summary>
    internal sealed class ChangeRecorder : IChangeFeed
    {
        public ConcurrentQueue<EntityChange> All { get; } = new();

        public void Publish(EntityChange change) => All.Enqueue(change);
    }
}
