using System.Net;
using System.Net.Sockets;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json;
using Flux.Gateway.Live;
using Flux.Contract;
using Flux.Storage;
using Microsoft.Extensions.Logging.Abstractions;

namespace Flux.Gateway.Tests.Live;

public sealed class SubscriptionHubTests
{
    [Fact]
    public async Task a_change_that_cannot_be_sent_is_skipped_and_later_changes_still_reach_subscribers()
    {
        var changes = new ChangeStream();
        using var hub = new SubscriptionHub(changes, NullLogger<SubscriptionHub>.Instance);
        await hub.StartAsync(CancellationToken.None);
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        using var client = new TcpClient();
        await client.ConnectAsync(IPAddress.Loopback, ((IPEndPoint)listener.LocalEndpoint).Port);
        using var accepted = await listener.AcceptTcpClientAsync();
        await using var serverStream = new CoalescingStream(accepted.GetStream());
        using var serverSocket = WebSocket.CreateFromStream(serverStream, isServer: true, null, Timeout.InfiniteTimeSpan);
        using var clientSocket = WebSocket.CreateFromStream(client.GetStream(), isServer: false, null, Timeout.InfiniteTimeSpan);
        using var stop = new CancellationTokenSource();
        var connection = new LiveConnection(queueLimit: 100, TimeProvider.System);
        hub.Add(connection);
        var serving = connection.RunAsync(serverSocket, serverStream, stop.Token);

        // Grains only announce objects; an array stands in for whatever could make a change unsendable.
        changes.Announce(new PropertiesChanged("broken", DateTimeOffset.UtcNow, JsonDocument.Parse("[1]").RootElement));
        changes.Announce(new PropertiesChanged("fine", DateTimeOffset.UtcNow, JsonDocument.Parse("""{"v":1}""").RootElement));

        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        var buffer = new byte[4096];
        var received = await clientSocket.ReceiveAsync(buffer.AsMemory(), timeout.Token);
        using var message = JsonDocument.Parse(Encoding.UTF8.GetString(buffer, 0, received.Count));
        Assert.Equal("state_update", message.RootElement.GetProperty("type").GetString());
        Assert.Equal("fine", message.RootElement.GetProperty("entity_id").GetString());

        await stop.CancelAsync();
        await serving;
        await hub.StopAsync(CancellationToken.None);
    }

    [Fact]
    public async Task a_subscriber_that_fails_to_take_a_round_does_not_keep_it_from_the_others()
    {
        var changes = new ChangeStream();
        using var hub = new SubscriptionHub(changes, NullLogger<SubscriptionHub>.Instance);
        await hub.StartAsync(CancellationToken.None);
        var received = new TaskCompletionSource<int>(TaskCreationOptions.RunContinuationsAsynchronously);
        hub.Add(new Failing());
        hub.Add(new Counting(received));

        changes.Announce(new PropertiesChanged("e", DateTimeOffset.UtcNow, JsonDocument.Parse("""{"v":1}""").RootElement));

        Assert.Equal(1, await received.Task.WaitAsync(TimeSpan.FromSeconds(10)));
        await hub.StopAsync(CancellationToken.None);
    }

    private sealed class Failing : Subscriber
    {
        public override void Deliver(LiveRound round) => throw new InvalidOperationException("broken connection");
    }

    private sealed class Counting(TaskCompletionSource<int> received) : Subscriber
    {
        public override void Deliver(LiveRound round) => received.TrySetResult(round.Count);
    }
}
