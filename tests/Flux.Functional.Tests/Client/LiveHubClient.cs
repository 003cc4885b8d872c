using System.Text.Json;
using Microsoft.AspNetCore.Http.Connections;
using Microsoft.AspNetCore.SignalR.Client;

namespace Flux.Functional.Tests.Client;

/// <summary>
/// A client of the SignalR hub `/api/hub` (docs/api.md §10.8) with Microsoft's .NET client over WebSockets. It keeps
/// every invocation's argument in arrival order, after checking the method matches the message's `type`, so the same
/// <see cref="Msg"/> helpers read both doors.
/// </summary>
public sealed class LiveHubClient : IAsyncDisposable
{
    private static readonly Dictionary<string, string> TypeOfMethod = new()
    {
        ["StateUpdate"] = "state_update",
        ["EntityDeleted"] = "entity_deleted",
        ["Metrics"] = "metrics_update",
    };

    private readonly List<JsonElement> _messages = [];
    private readonly List<string> _mismatches = [];
    private readonly Lock _gate = new();

    private LiveHubClient(HubConnection connection)
    {
        Connection = connection;
        foreach (var (method, type) in TypeOfMethod)
            connection.On<JsonElement>(method, message => Record(type, message));
    }

    public HubConnection Connection { get; }

    /// <summary>Invocations whose method did not match their message's type.</summary>
    public IReadOnlyList<string> Mismatches { get { lock (_gate) return [.. _mismatches]; } }

    public int Count { get { lock (_gate) return _messages.Count; } }

    /// <summary>Connects, and with <paramref name="waitUntilLive"/> returns after the first metrics message.</summary>
    public static async Task<LiveHubClient> ConnectAsync(Uri baseAddress, bool reconnect = false, bool waitUntilLive = true)
    {
        var builder = new HubConnectionBuilder().WithUrl(new Uri(baseAddress, "api/hub"), options =>
        {
            options.Transports = HttpTransportType.WebSockets;
            options.SkipNegotiation = true;
        });
        if (reconnect)
            builder.WithAutomaticReconnect([TimeSpan.Zero, TimeSpan.FromMilliseconds(200), TimeSpan.FromMilliseconds(500), TimeSpan.FromSeconds(1),
                TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(2), TimeSpan.FromSeconds(2), TimeSpan.FromSeconds(2), TimeSpan.FromSeconds(2)]);
        var client = new LiveHubClient(builder.Build());
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(15));
        await client.Connection.StartAsync(timeout.Token);
        if (waitUntilLive)
            await client.WaitForAsync(Msg.IsMetrics, TimeSpan.FromSeconds(10), "the first Metrics after connecting");
        return client;
    }

    public Task SubscribeAsync(object filter) => Connection.InvokeAsync("Subscribe", filter);

    public Task UnsubscribeAsync(object filter) => Connection.InvokeAsync("Unsubscribe", filter);

    public List<JsonElement> Messages(Func<JsonElement, bool>? match = null, int after = 0)
    {
        lock (_gate)
            return [.. _messages.Skip(after).Where(m => match?.Invoke(m) ?? true)];
    }

    public async Task<JsonElement> WaitForAsync(Func<JsonElement, bool> match, TimeSpan timeout, string what, int after = 0) =>
        (await WaitForCountAsync(match, 1, timeout, what, after))[0];

    public Task<List<JsonElement>> WaitForCountAsync(Func<JsonElement, bool> match, int count, TimeSpan timeout, string what, int after = 0) =>
        Eventually.HoldsAsync(() => Task.FromResult(Messages(match, after)), found => found.Count >= count, timeout,
            $"{count} × {what} over /api/hub (state {Connection.State}, {Count} messages)");

    private void Record(string expectedType, JsonElement message)
    {
        lock (_gate)
        {
            _messages.Add(message.Clone());
            if (Msg.Type(message) != expectedType)
                _mismatches.Add(message.GetRawText());
        }
    }

    public async ValueTask DisposeAsync() => await Connection.DisposeAsync();
}
