using System.Net;
using System.Net.Sockets;

namespace Flux.Testing;

/// <summary>
/// Hands out loopback ports nothing listens on, each once per test process, below the kernel's ephemeral range
/// (32768 and up on Linux). A port from that range, as binding port 0 gives, can be taken by any outgoing
/// connection between the moment it is chosen and the moment the server binds it; one below it cannot.
/// </summary>
public static class FreePort
{
    private const int First = 10_000;
    private const int Count = 22_000;

    // Test processes running at the same time start far apart; each port is also checked free when handed out.
    private static int _next = Random.Shared.Next(Count);

    public static int Next()
    {
        for (var tried = 0; tried < Count; tried++)
        {
            var port = First + (int)((uint)Interlocked.Increment(ref _next) % Count);
            if (IsFree(port))
                return port;
        }

        throw new InvalidOperationException($"no free loopback port in {First}–{First + Count - 1}");
    }

    private static bool IsFree(int port)
    {
        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        try
        {
            socket.Bind(new IPEndPoint(IPAddress.Loopback, port));
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }
}
