using System.Net;
using System.Net.Sockets;

namespace Flux.Nats.Tests.Infrastructure;

/// <summary>A loopback TCP listener that plays a scripted (mis)behaving NATS server to one client at a time.</summary>
public sealed class FakeNatsServer : IAsyncDisposable
{
    public const string Info = "INFO {\"server_id\":\"fake\",\"version\":\"0.0.0\",\"proto\":1,\"headers\":true,\"max_payload\":1048576}\r\n";

    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _accepting;

    public FakeNatsServer(Func<FakeClient, CancellationToken, Task> script)
    {
        _listener.Start();
        _accepting = Task.Run(async () =>
        {
            while (!_stop.IsCancellationRequested)
            {
                TcpClient tcp;
                try { tcp = await _listener.AcceptTcpClientAsync(_stop.Token); }
                catch (OperationCanceledException) { return; }
                catch (SocketException) { return; }
                _ = Task.Run(async () =>
                {
                    using (tcp)
                    {
                        try { await script(new FakeClient(tcp.GetStream()), _stop.Token); }
                        catch (Exception) { /* the client went away */ }
                    }
                });
            }
        });
    }

    public string Url => $"nats://127.0.0.1:{((IPEndPoint)_listener.LocalEndpoint).Port}";

    public async ValueTask DisposeAsync()
    {
        _stop.Cancel();
        _listener.Stop();
        await _accepting;
    }
}
