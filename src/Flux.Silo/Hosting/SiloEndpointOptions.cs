using System.Net;
using Flux.Configuration;
using Microsoft.Extensions.Options;

namespace Flux.Silo.Hosting;

/// <summary>Where a cluster silo listens (docs/api.md §14.1).</summary>
public sealed class SiloEndpointOptions
{
    /// <summary>The address other silos and gateways reach this silo at (a pod's IP in Kubernetes).</summary>
    [ConfigurationKeyName("FLUX_ADVERTISED_ADDRESS")]
    public string AdvertisedAddress { get; set; } = "127.0.0.1";

    /// <summary>Silo-to-silo port; 0 takes a free one (the membership table tells the others which).</summary>
    [ConfigurationKeyName("FLUX_SILO_PORT")]
    public int SiloPort { get; set; }

    /// <summary>The port gateways connect to as Orleans clients; 0 takes a free one.</summary>
    [ConfigurationKeyName("FLUX_SILO_GATEWAY_PORT")]
    public int GatewayPort { get; set; }
}

public sealed class SiloEndpointOptionsValidator : IValidateOptions<SiloEndpointOptions>
{
    public ValidateOptionsResult Validate(string? name, SiloEndpointOptions options)
    {
        var result = new ValidateOptionsResultBuilder()
            .WholeNumber("FLUX_SILO_PORT", options.SiloPort, 0, 65535)
            .WholeNumber("FLUX_SILO_GATEWAY_PORT", options.GatewayPort, 0, 65535);
        if (!IPAddress.TryParse(options.AdvertisedAddress, out _))
            result.AddError($"FLUX_ADVERTISED_ADDRESS='{options.AdvertisedAddress}' is not an IP address");
        return result.Build();
    }
}
