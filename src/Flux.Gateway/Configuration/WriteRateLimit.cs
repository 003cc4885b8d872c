using Flux.Grains.Interfaces;
using Microsoft.Extensions.Options;

namespace Flux.Gateway.Configuration;

/// <summary>The rate limit as the runtime limits set it: only in auth mode, and only while it is enabled (§8).</summary>
public sealed class WriteRateLimit(IOptions<ApiOptions> api, RuntimeLimitsStore limits) : IWriteRateLimit
{
    public int PerMinute
    {
        get
        {
            var current = limits.Current;
            return api.Value.AuthEnabled && current.RateLimitEnabled ? (int)Math.Min(current.RateLimitPerNamespacePerMinute, int.MaxValue) : 0;
        }
    }
}
