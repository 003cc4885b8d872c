using Flux.Configuration;
using Flux.Connectors;
using Flux.Gateway.Api;
using Flux.Gateway.Configuration;
using Flux.Gateway.Connectors;
using Flux.Gateway.Dashboard;
using Flux.Gateway.Documentation;
using Flux.Gateway.Http;
using Flux.Gateway.Live;
using Flux.Gateway.Metrics;
using Flux.Gateway.Publishing;
using Flux.Gateway.WorldView;
using Flux.Contract;
using Flux.Grains.Interfaces;
using Flux.Storage;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.SignalR;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Flux.Gateway;

/// <summary>The gateway: REST and WebSocket front door, turning requests into grain calls.</summary>
public static class GatewayServiceCollectionExtensions
{
    public static IServiceCollection AddFluxGateway(this IServiceCollection services)
    {
        services.AddSettings<ApiOptions, ApiOptionsValidator>();
        services.AddSettings<RuntimeLimits, RuntimeLimitsValidator>();
        services.AddSettings<LiveOptions, LiveOptionsValidator>();
        services.AddSettings<MetricsOptions, MetricsOptionsValidator>();
        services.AddSettings<ConnectorOptions, ConnectorOptionsValidator>(); // poll_interval_seconds
        services.AddSingleton<RuntimeLimitsStore>();
        services.AddSingleton<IWritePolicy, WritePolicy>();
        services.AddSingleton<AdminToken>();
        services.TryAddSingleton<Dependencies>();
        services.AddSingleton<Readiness>();
        services.AddSingleton<EventCounters>();
        services.AddSingleton<IAcceptedEventCounter>(provider => provider.GetRequiredService<EventCounters>()); // connectors, embedded
        services.TryAddSingleton<IMetricsSource, LocalMetrics>();
        services.AddSingleton<GrainActivationMetrics>();
        services.AddSingleton<GatewayInstruments>();
        services.AddSingleton(provider => new SubscriberConnections("websocket", () => provider.GetRequiredService<SubscriptionHub>().ConnectionCount));
        services.AddSingleton(provider => new SubscriberConnections("signalr", () => provider.GetRequiredService<SubscriptionHub>().HubConnectionCount));
        services.AddSingleton<FluxGrains>();
        services.TryAddSingleton<EventIdGenerator>();
        services.AddSingleton<EventParsing>();
        services.AddSingleton<EventPublisher>();
        services.AddSingleton<DeleteAuthorization>();
        services.AddSingleton<ConnectorOwner>();
        services.AddOAuthTokenEndpoint();
        services.AddSingleton<SubscriptionHub>();
        services.AddHostedService(sp => sp.GetRequiredService<SubscriptionHub>());
        services.AddSignalR();
        services.AddSingleton<HubLifetimeManager<LiveHub>, LiveHubLifetimeManager>();
        services.AddHostedService<MetricsBroadcaster>();
        services.AddApiDocument();
        services.AddWorldView();
        return services;
    }

    /// <summary>The connectors' OAuth apps and their token endpoint: the gateway's callback and a silo's pollers renewing tokens use it.</summary>
    public static IServiceCollection AddOAuthTokenEndpoint(this IServiceCollection services)
    {
        services.AddSettings<OAuthOptions, OAuthOptionsValidator>();
        services.TryAddSingleton<OAuthTokenEndpoint>();
        services.TryAddSingleton<ICredentialRenewal>(provider => provider.GetRequiredService<OAuthTokenEndpoint>());
        services.AddHttpClient(OAuthTokenEndpoint.ClientName, client => client.Timeout = OAuthTokenEndpoint.Timeout);
        return services;
    }

    public static WebApplication UseFluxGateway(this WebApplication app)
    {
        app.Services.GetRequiredService<GrainActivationMetrics>(); // listens from the start, so counters miss nothing
        app.Services.GetRequiredService<GatewayInstruments>(); // its instruments exist once it does
        app.UseMiddleware<ContractMiddleware>();
        app.Use(StartupGate.InvokeAsync);
        app.Use(CoalescingUpgradeFeature.InstallAsync);
        app.UseWebSockets();
        app.MapEventsApi();
        app.MapStateApi();
        app.MapNamespacesApi();
        app.MapAdminApi();
        app.MapConnectorsApi();
        app.MapLiveApi();
        app.MapOperatorApi();
        app.MapApiDocument();
        app.MapWorldView();
        app.MapDashboard(); // the host registers the dashboard with its silo or its Orleans client
        return app;
    }
}
