using Flux.Configuration;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;
using Orleans.Configuration;

namespace Flux.Gateway.Hosting;

/// <summary>Which cluster a silo joins or a gateway serves (docs/api.md §14.1).</summary>
public sealed class FluxClusterOptions
{
    /// <summary>Silos and gateways with the same id form one cluster; several clusters may share a database.</summary>
    [ConfigurationKeyName("FLUX_CLUSTER_ID")]
    public string ClusterId { get; set; } = "flux";

    /// <summary>Orleans' service id: the same for every Flux cluster, since grain state is not kept by Orleans.</summary>
    public const string ServiceId = "flux";

    /// <summary>Names the cluster for Orleans, the same way in a silo and in a gateway.</summary>
    public void ApplyTo(ClusterOptions cluster)
    {
        cluster.ClusterId = ClusterId;
        cluster.ServiceId = ServiceId;
    }
}

public sealed class FluxClusterOptionsValidator : IValidateOptions<FluxClusterOptions>
{
    public ValidateOptionsResult Validate(string? name, FluxClusterOptions options) =>
        string.IsNullOrWhiteSpace(options.ClusterId)
            ? ValidateOptionsResult.Fail($"FLUX_CLUSTER_ID='{options.ClusterId}' is blank: name the cluster")
            : ValidateOptionsResult.Success;
}
