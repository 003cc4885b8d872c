using System.Net.Sockets;
using System.Text;

namespace Flux.Nats.Tests.Infrastructure;

/// <summary>One accepted connection: send raw text, read client lines.</summary>
public sealed class FakeClient(NetworkStream stream)
{
    private readonly StreamReader _reader = new(stream, Encoding.ASCII);

    public async Task SendAsync(string text, CancellationToken ct) => await stream.WriteAsync(Encoding.ASCII.GetBytes(text), ct);

    public async Task<string?> ReadLineAsync(CancellationToken ct) => await _reader.ReadLineAsync(ct);

    /// <summary>INFO, then read until the client's handshake PING and answer it.</summary>
    public async Task HandshakeAsync(CancellationToken ct)
    {
        await SendAsync(FakeNatsServer.Info, ct);
        while (await ReadLineAsync(ct) is { } line)
        {
            if (line == "PING") { await SendAsync("PONG\r\n", ct); return; }
        }
    }

    /// <summary>Reads and discards everything until the client disconnects.</summary>
    public async Task SwallowAsync(CancellationToken ct)
    {
        while (await ReadLineAsync(ct) is not null) { }
    }
}
