using System.Text.Json;
using Flux.Gateway.Metrics;
using Microsoft.AspNetCore.SignalR;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Flux.Gateway.Live;

/// <summary>
/// The SignalR door to live changes, <c>/api/hub</c> (docs/api.md §10.8): <see cref="Subscribe"/> and
/// <see cref="Unsubscribe"/> take the filters <c>/api/ws</c> takes; the server invokes <see cref="StateUpdate"/>,
/// <see cref="EntityDeleted"/> and <see cref="Metrics"/> with the contract's message objects. Like <c>/api/ws</c> it
/// needs no token in any mode (§10.1).
/// </summary>
public sealed class LiveHub : Hub
{
    public const string Path = "/api/hub";
    public const string StateUpdate = "StateUpdate";
    public const string EntityDeleted = "EntityDeleted";
    public const string Metrics = "Metrics";

    public void Subscribe(JsonElement filter) => Subscriber.Subscribe(Parse(filter));

    public void Unsubscribe(JsonElement filter) => Subscriber.Unsubscribe(Parse(filter));

    private HubSubscriber Subscriber => (HubSubscriber)Context.Items[typeof(HubSubscriber)]!;

    // Unlike /api/ws, a hub invocation has an answer, so a wrong filter is told what to send instead.
    private static SubscriptionFilter Parse(JsonElement filter) => SubscriptionFilter.From(filter) ?? throw new HubException(SubscriptionFilter.Expected);
}

/// <summary>
/// SignalR's own connection registry, which also enrols each hub connection in Flux's <see cref="SubscriptionHub"/>.
/// Flux fans a round of changes out itself, serialized once for all connections (<see cref="LiveRound"/>), which needs
/// the connection SignalR hands its lifetime manager; sending through <c>IHubContext</c> would serialize every message
/// once per connection.
/// </summary>
public sealed class LiveHubLifetimeManager(SubscriptionHub registry, IOptions<LiveOptions> options, IHostApplicationLifetime lifetime, TimeProvider time,
    GatewayInstruments instruments, ILogger<DefaultHubLifetimeManager<LiveHub>> logger) : DefaultHubLifetimeManager<LiveHub>(logger)
{
    public override async Task OnConnectedAsync(HubConnectionContext connection)
    {
        await base.OnConnectedAsync(connection);
        var subscriber = new HubSubscriber(connection, options.Value.QueueLimit, lifetime.ApplicationStopping, time);
        connection.Items[typeof(HubSubscriber)] = subscriber;
        registry.Add(subscriber);
    }

    public override async Task OnDisconnectedAsync(HubConnectionContext connection)
    {
        if (connection.Items.TryGetValue(typeof(HubSubscriber), out var item) && item is HubSubscriber subscriber)
        {
            registry.Remove(subscriber);
            await subscriber.StopAsync();
            if (subscriber.TooSlow)
                instruments.Dropped();
        }
        await base.OnDisconnectedAsync(connection);
    }
}
