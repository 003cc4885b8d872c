using Flux.Grains.Interfaces;
using Microsoft.Extensions.Options;

namespace Flux.Gateway.Configuration;

/// <summary>Auth mode from the settings; the rate limit as the runtime limits set it, only in auth mode and while enabled (§8).</summary>
public sealed class WritePolicy(IOptions<ApiOptions> api, RuntimeLimitsStore limits) : IWritePolicy
{
    public bool AuthEnabled => api.Value.AuthEnabled;

    public int RatePerMinute
    {
        get
        {
            var current = limits.Current;
            return AuthEnabled && current.RateLimitEnabled ? (int)Math.Min(current.RateLimitPerNamespacePerMinute, int.MaxValue) : 0;
        }
    }
}
