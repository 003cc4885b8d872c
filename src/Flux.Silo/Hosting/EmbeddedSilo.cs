using System.Net;
using Flux.Gateway.Hosting;
using Flux.Grains;
using Orleans.Dashboard;

namespace Flux.Silo.Hosting;

/// <summary>The embedded profile's Orleans silo: one silo on loopback, in the same process as the gateway.</summary>
public static class EmbeddedSilo
{
    public static ISiloBuilder UseEmbeddedSilo(this ISiloBuilder silo)
    {
        // A free silo port (see FreePorts), and no gateway port: no client outside this process needs one.
        using var free = new FreePorts(IPAddress.Loopback);
        silo.UseLocalhostClustering(siloPort: free.Next(), gatewayPort: 0, serviceId: "flux", clusterId: "embedded");
        silo.Services.AddFluxGrains();
        silo.AddGrainCollection();
        // One process: reminders in memory are enough, and ConnectorsStartup starts the pollers after a restart.
        silo.UseInMemoryReminderService();
        silo.AddConnectorPollers();
        silo.AddDashboard();
        if (Telemetry.Traces(silo.Configuration))
            silo.AddActivityPropagation();
        return silo;
    }
}
