using Flux.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Flux.Storage;

public static class CredentialServiceCollectionExtensions
{
    /// <summary>
    /// Registers <see cref="CredentialVault"/> over the profile's <see cref="ICredentialStore"/>, with its key from
    /// FLUX_ENCRYPTION_KEY. Each profile's storage registration calls it, so gateways and silos both have it.
    /// </summary>
    public static IServiceCollection AddCredentialVault(this IServiceCollection services)
    {
        services.AddSettings<CredentialOptions, CredentialOptionsValidator>();
        services.AddSingleton(provider => new CredentialVault(
            provider.GetRequiredService<ICredentialStore>(),
            provider.GetRequiredService<IOptions<CredentialOptions>>(),
            provider.GetService<TimeProvider>(),
            provider.GetService<ILogger<CredentialVault>>()));
        return services;
    }
}
