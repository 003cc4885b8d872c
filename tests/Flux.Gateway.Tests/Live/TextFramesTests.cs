using System.Buffers;
using System.Net.WebSockets;
using Flux.Gateway.Live;

namespace Flux.Gateway.Tests.Live;

public sealed class TextFramesTests
{
    [Theory]
    [InlineData(0)]
    [InlineData(125)]
    [InlineData(126)]
    [InlineData(65535)]
    [InlineData(65536)]
    public async Task a_websocket_reads_each_framed_message_back_whole(int length)
    {
        var first = Enumerable.Range(0, length).Select(i => (byte)('a' + i % 26)).ToArray();
        var second = "{\"type\":\"state_update\"}"u8.ToArray();
        var frames = new ArrayBufferWriter<byte>();
        TextFrames.Write(frames, first);
        TextFrames.Write(frames, second);

        // A client-side WebSocket over the framed bytes: it must parse them as two text messages.
        using var client = WebSocket.CreateFromStream(new MemoryStream(frames.WrittenSpan.ToArray()), isServer: false, null, Timeout.InfiniteTimeSpan);
        Assert.Equal(first, await ReceiveAsync(client));
        Assert.Equal(second, await ReceiveAsync(client));
    }

    [Fact]
    public void payloads_splits_frames_back_into_their_messages()
    {
        var messages = new[] { new byte[3], new byte[200], new byte[70000] };
        var frames = new ArrayBufferWriter<byte>();
        foreach (var message in messages)
            TextFrames.Write(frames, message);

        Assert.Equal(messages.Select(m => m.Length), TextFrames.Payloads(frames.WrittenMemory).Select(p => p.Length));
    }

    private static async Task<byte[]> ReceiveAsync(WebSocket socket)
    {
        var buffer = new byte[70000];
        var length = 0;
        ValueWebSocketReceiveResult result;
        do
        {
            result = await socket.ReceiveAsync(buffer.AsMemory(length), CancellationToken.None);
            length += result.Count;
        } while (!result.EndOfMessage);
        Assert.Equal(WebSocketMessageType.Text, result.MessageType);
        return buffer[..length];
    }
}
