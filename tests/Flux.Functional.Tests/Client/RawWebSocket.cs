using System.Net.Sockets;
using System.Security.Cryptography;
using System.Text;

namespace Flux.Functional.Tests.Client;

/// <summary>
/// A WebSocket client written against RFC 6455 directly, for frames a well-behaved client never
/// sends: control frames with chosen payloads, invalid UTF-8 in text frames, a connection whose
/// output is shut down mid-frame.
/// </summary>
public sealed class RawWebSocket : IDisposable
{
    private readonly TcpClient _client;
    private readonly NetworkStream _stream;

    private RawWebSocket(TcpClient client)
    {
        _client = client;
        _stream = client.GetStream();
    }

    public Socket Socket => _client.Client;

    public static async Task<RawWebSocket> ConnectAsync(Uri baseAddress)
    {
        var client = new TcpClient();
        await client.ConnectAsync(baseAddress.Host, baseAddress.Port);
        var key = Convert.ToBase64String(RandomNumberGenerator.GetBytes(16));
        var request = $"GET /api/ws HTTP/1.1\r\nHost: {baseAddress.Authority}\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: {key}\r\nSec-WebSocket-Version: 13\r\n\r\n";
        var ws = new RawWebSocket(client);
        await ws._stream.WriteAsync(Encoding.ASCII.GetBytes(request));
        var head = new List<byte>();
        var one = new byte[1];
        while (head.Count < 4 || !(head[^4] == '\r' && head[^3] == '\n' && head[^2] == '\r' && head[^1] == '\n'))
        {
            if (await ws._stream.ReadAsync(one) == 0)
                throw new IOException("connection closed during the WebSocket handshake: " + Encoding.ASCII.GetString([.. head]));
            head.Add(one[0]);
        }
        var text = Encoding.ASCII.GetString([.. head]);
        if (!text.StartsWith("HTTP/1.1 101", StringComparison.Ordinal))
            throw new IOException("WebSocket upgrade refused: " + text);
        return ws;
    }

    /// <summary>Sends one masked frame with FIN set (as every client frame must be masked).</summary>
    public Task SendFrameAsync(int opcode, byte[] payload, bool fin = true) => _stream.WriteAsync(Frame(opcode, payload, fin)).AsTask();

    public static byte[] Frame(int opcode, byte[] payload, bool fin = true)
    {
        var frame = new List<byte> { (byte)((fin ? 0x80 : 0) | opcode) };
        if (payload.Length < 126)
        {
            frame.Add((byte)(0x80 | payload.Length));
        }
        else if (payload.Length <= ushort.MaxValue)
        {
            frame.Add(0x80 | 126);
            frame.Add((byte)(payload.Length >> 8));
            frame.Add((byte)payload.Length);
        }
        else
        {
            frame.Add(0x80 | 127);
            for (var i = 7; i >= 0; i--)
                frame.Add((byte)((long)payload.Length >> (8 * i)));
        }
        var mask = RandomNumberGenerator.GetBytes(4);
        frame.AddRange(mask);
        for (var i = 0; i < payload.Length; i++)
            frame.Add((byte)(payload[i] ^ mask[i % 4]));
        return [.. frame];
    }

    public Task SendRawAsync(byte[] bytes) => _stream.WriteAsync(bytes).AsTask();

    /// <summary>Reads server frames until one whose opcode matches; returns it.</summary>
    public async Task<(int Opcode, byte[] Payload)> ReadFrameAsync(Func<int, bool> match, TimeSpan timeout)
    {
        using var cts = new CancellationTokenSource(timeout);
        while (true)
        {
            var header = await ReadExactlyAsync(2, cts.Token);
            var opcode = header[0] & 0x0F;
            long length = header[1] & 0x7F;
            if (length == 126)
            {
                var ext = await ReadExactlyAsync(2, cts.Token);
                length = (ext[0] << 8) | ext[1];
            }
            else if (length == 127)
            {
                var ext = await ReadExactlyAsync(8, cts.Token);
                length = 0;
                foreach (var b in ext)
                    length = (length << 8) | b;
            }
            var payload = await ReadExactlyAsync((int)length, cts.Token);
            if (match(opcode))
                return (opcode, payload);
        }
    }

    private async Task<byte[]> ReadExactlyAsync(int count, CancellationToken token)
    {
        var buffer = new byte[count];
        await _stream.ReadExactlyAsync(buffer, token);
        return buffer;
    }

    public void Dispose() => _client.Dispose();
}
