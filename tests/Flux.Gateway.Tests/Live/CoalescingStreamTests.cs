using Flux.Gateway.Live;

namespace Flux.Gateway.Tests.Live;

public sealed class CoalescingStreamTests
{
    /// <summary>Records each write that reaches the socket.</summary>
    private sealed class RecordingStream : MemoryStream
    {
        public List<byte[]> Writes { get; } = [];

        public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
        {
            Writes.Add(buffer.ToArray());
            return ValueTask.CompletedTask;
        }
    }

    [Fact]
    public async Task frames_written_during_a_batch_reach_the_socket_as_one_write_in_order()
    {
        var socket = new RecordingStream();
        await using var stream = new CoalescingStream(socket);

        stream.BeginBatch();
        await stream.WriteAsync(new byte[] { 1, 2 });
        await stream.WriteAsync(new byte[] { 3 });
        Assert.Empty(socket.Writes);
        await stream.FlushBatchAsync(CancellationToken.None);

        Assert.Equal([1, 2, 3], Assert.Single(socket.Writes));
    }

    [Fact]
    public async Task writes_outside_a_batch_go_straight_through()
    {
        var socket = new RecordingStream();
        await using var stream = new CoalescingStream(socket);

        await stream.WriteAsync(new byte[] { 9 });
        stream.BeginBatch();
        await stream.FlushBatchAsync(CancellationToken.None);
        await stream.WriteAsync(new byte[] { 8 });

        Assert.Equal([[9], [8]], socket.Writes);
    }

    [Fact]
    public async Task frames_written_beside_the_websocket_are_dropped_once_it_sent_its_close_frame()
    {
        var socket = new RecordingStream();
        await using var stream = new CoalescingStream(socket);

        await stream.WriteFramesAsync(new byte[] { 0x81, 0 }, CancellationToken.None);
        await stream.WriteAsync(new byte[] { 0x88, 0 });
        await stream.WriteFramesAsync(new byte[] { 0x81, 0 }, CancellationToken.None);

        Assert.Equal([[0x81, 0], [0x88, 0]], socket.Writes);
    }
}
