using Flux.Configuration;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;

namespace Flux.Gateway.Configuration;

/// <summary>The HTTP front door: where it listens, auth mode (docs/api.md §7) and the batch-delete cap (§6.7).</summary>
public sealed class ApiOptions
{
    /// <summary>HTTP and WebSocket port on all interfaces, unless <c>--urls</c> or <c>ASPNETCORE_URLS</c> say otherwise.</summary>
    [ConfigurationKeyName("PORT")]
    public int Port { get; set; } = 3000;

    [ConfigurationKeyName("FLUX_AUTH_ENABLED")]
    public bool AuthEnabled { get; set; }

    /// <summary>Null when unset or empty: admin-gated operations are then open (docs/api.md §7.2).</summary>
    [ConfigurationKeyName("FLUX_ADMIN_TOKEN")]
    public string? AdminToken { get; set; }

    [ConfigurationKeyName("FLUX_MAX_BATCH_DELETE")]
    public int MaxBatchDelete { get; set; } = 10_000;
}

public sealed class ApiOptionsValidator : IValidateOptions<ApiOptions>
{
    public ValidateOptionsResult Validate(string? name, ApiOptions options) => new ValidateOptionsResultBuilder()
        .WholeNumber("PORT", options.Port, 1, 65535)
        .WholeNumber("FLUX_MAX_BATCH_DELETE", options.MaxBatchDelete, 1)
        .Build();
}
