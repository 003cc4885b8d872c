using System.Net;
using System.Net.Sockets;

namespace Flux.Silo.Hosting;

/// <summary>
/// A port nothing listens on now. Orleans binds its ports with ReuseAddress, so a fixed default would be shared,
/// silently, by a second silo on the machine; a free one each start avoids that.
/// </summary>
public static class FreePort
{
    public static int On(IPAddress address)
    {
        using var socket = new Socket(address.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
        socket.Bind(new IPEndPoint(address, 0));
        return ((IPEndPoint)socket.LocalEndPoint!).Port;
    }
}
