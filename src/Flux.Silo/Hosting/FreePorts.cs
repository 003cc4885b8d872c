using System.Net;
using System.Net.Sockets;

namespace Flux.Silo.Hosting;

/// <summary>
/// Ports nothing listens on now. Orleans binds its ports with ReuseAddress, so a fixed default would be shared,
/// silently, by a second silo on the machine; free ones each start avoid that. Every port taken from one
/// instance stays bound until it is disposed, so two taken together always differ.
/// </summary>
public sealed class FreePorts(IPAddress address) : IDisposable
{
    private readonly List<Socket> _held = [];

    public int Next()
    {
        var socket = new Socket(address.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
        _held.Add(socket);
        socket.Bind(new IPEndPoint(address, 0));
        return ((IPEndPoint)socket.LocalEndPoint!).Port;
    }

    public void Dispose()
    {
        foreach (var socket in _held)
            socket.Dispose();
    }
}
