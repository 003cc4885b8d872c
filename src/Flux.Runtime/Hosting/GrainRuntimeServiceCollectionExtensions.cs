using Flux.Runtime.Hosting;
using Flux.Runtime.Internal;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

// In the DI namespace, like the framework's own Add* methods, so hosts need no extra using.
namespace Microsoft.Extensions.DependencyInjection;

public static class GrainRuntimeServiceCollectionExtensions
{
    /// <summary>
    /// Adds the local grain runtime: <see cref="Flux.Runtime.IGrainFactory"/>, the local
    /// <see cref="Flux.Runtime.IGrainCallDispatcher"/>, <see cref="Flux.Runtime.IGrainRuntimeStatistics"/>,
    /// <see cref="Flux.Runtime.GrainRuntime"/> and a hosted service for idle collection and shutdown.
    /// Options are validated when the host starts (and when the runtime is first resolved).
    /// </summary>
    public static Flux.Runtime.IGrainRuntimeBuilder AddGrainRuntime(this IServiceCollection services, Action<Flux.Runtime.GrainRuntimeOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        var options = services.AddOptions<Flux.Runtime.GrainRuntimeOptions>();
        if (configure is not null) options.Configure(configure);
        options.ValidateOnStart();

        // Registering twice must not split grain registrations across two registries.
        if (services.FirstOrDefault(d => d.ServiceType == typeof(GrainTypeRegistry))?.ImplementationInstance is GrainTypeRegistry existing)
        {
            return new GrainRuntimeBuilder(services, existing);
        }

        var registry = new GrainTypeRegistry();
        services.AddSingleton(registry);
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<Flux.Runtime.GrainRuntimeOptions>, GrainRuntimeOptionsValidator>());
        services.TryAddSingleton(sp => new Flux.Runtime.GrainRuntime(
            registry,
            sp,
            sp.GetRequiredService<IOptions<Flux.Runtime.GrainRuntimeOptions>>().Value,
            sp.GetService<TimeProvider>() ?? TimeProvider.System,
            (ILogger?)sp.GetService<ILogger<Flux.Runtime.GrainRuntime>>() ?? NullLogger.Instance));
        services.TryAddSingleton<Flux.Runtime.IGrainCallDispatcher>(sp => sp.GetRequiredService<Flux.Runtime.GrainRuntime>());
        services.TryAddSingleton<Flux.Runtime.IGrainRuntimeStatistics>(sp => sp.GetRequiredService<Flux.Runtime.GrainRuntime>());
        services.TryAddSingleton<Flux.Runtime.IGrainFactory>(sp => new GrainFactory(registry, sp.GetRequiredService<Flux.Runtime.IGrainCallDispatcher>()));
        services.AddHostedService<GrainRuntimeHost>();
        return new GrainRuntimeBuilder(services, registry);
    }
}
