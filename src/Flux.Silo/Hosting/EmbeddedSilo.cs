using System.Net;
using System.Net.Sockets;
using Flux.Configuration;
using Flux.Grains;
using Microsoft.Extensions.Options;
using Orleans.Configuration;

namespace Flux.Silo.Hosting;

/// <summary>The embedded profile's Orleans silo: one silo on loopback, in the same process as the gateway.</summary>
public static class EmbeddedSilo
{
    /// <summary>How often idle grains are looked for, at most; Orleans needs it below the idle time.</summary>
    private static readonly TimeSpan MaxCollectionQuantum = TimeSpan.FromMinutes(1);

    public static ISiloBuilder UseEmbeddedSilo(this ISiloBuilder silo)
    {
        // Orleans binds its silo port with ReuseAddress, so a fixed port would be shared, silently, by a second
        // Flux on the machine: take a free one. No gateway port: no client outside this process needs one.
        silo.UseLocalhostClustering(siloPort: FreeLoopbackPort(), gatewayPort: 0, serviceId: "flux", clusterId: "embedded");
        silo.Services.AddFluxGrains();
        silo.Services.AddSettings<GrainOptions, GrainOptionsValidator>();
        silo.Services.AddOptions<GrainCollectionOptions>().Configure<IOptions<GrainOptions>>((collection, grains) =>
        {
            var idle = grains.Value.IdleTimeout;
            collection.CollectionAge = idle;
            collection.CollectionQuantum = TimeSpan.FromTicks(Math.Min(MaxCollectionQuantum.Ticks, idle.Ticks / 2));
            // Orleans has no count cap: under memory pressure it deactivates the longest-idle grains until the
            // process is back under its target share of the memory it may use (docs/architecture.md §4, memory).
            collection.EnableActivationSheddingOnMemoryPressure = true;
        });
        return silo;
    }

    private static int FreeLoopbackPort()
    {
        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        socket.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        return ((IPEndPoint)socket.LocalEndPoint!).Port;
    }
}
