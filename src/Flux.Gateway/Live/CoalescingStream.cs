using System.Buffers;

namespace Flux.Gateway.Live;

/// <summary>
/// The upgraded WebSocket connection's byte stream, able to gather many frames into one socket write.
/// Between <see cref="BeginBatch"/> and <see cref="FlushBatchAsync"/> whatever the WebSocket writes is
/// kept in memory; otherwise writes go straight through (so pings, pongs and closes are never held).
/// One semaphore orders every write to the socket, so frames leave in the order they were written.
///
/// The send loop also writes ready-made frames here (<see cref="WriteFramesAsync"/>), beside the
/// WebSocket, which writes each of its own frames with one call. Once the WebSocket has written its
/// close frame no data frame may follow it (RFC 6455 §5.5.1), so such writes are dropped from then on.
/// </summary>
public sealed class CoalescingStream(Stream inner) : Stream
{
    private readonly SemaphoreSlim _writing = new(1, 1);
    private readonly ArrayBufferWriter<byte> _batch = new(16 * 1024);
    private const byte FinalClose = 0x88;

    private bool _batching;
    private bool _closeSent;

    public void BeginBatch() => _batching = true;

    /// <summary>Writes what the batch gathered in one go and returns to writing straight through.</summary>
    public async ValueTask FlushBatchAsync(CancellationToken cancellationToken)
    {
        await _writing.WaitAsync(cancellationToken);
        try
        {
            _batching = false;
            if (_batch.WrittenCount == 0)
                return;
            await inner.WriteAsync(_batch.WrittenMemory, cancellationToken);
            await inner.FlushAsync(cancellationToken);
        }
        finally
        {
            _batch.ResetWrittenCount();
            _writing.Release();
        }
    }

    /// <summary>Writes complete frames made outside the WebSocket, unless it has sent its close frame.</summary>
    public ValueTask WriteFramesAsync(ReadOnlyMemory<byte> frames, CancellationToken cancellationToken) =>
        WriteInOrderAsync(frames, fromWebSocket: false, cancellationToken);

    public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default) =>
        WriteInOrderAsync(buffer, fromWebSocket: true, cancellationToken);

    private async ValueTask WriteInOrderAsync(ReadOnlyMemory<byte> buffer, bool fromWebSocket, CancellationToken cancellationToken)
    {
        await _writing.WaitAsync(cancellationToken);
        try
        {
            if (fromWebSocket && !buffer.IsEmpty && buffer.Span[0] == FinalClose)
                _closeSent = true;
            else if (!fromWebSocket && _closeSent)
                return;
            if (_batching)
                _batch.Write(buffer.Span);
            else
                await inner.WriteAsync(buffer, cancellationToken);
        }
        finally
        {
            _writing.Release();
        }
    }

    public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        WriteAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override async Task FlushAsync(CancellationToken cancellationToken)
    {
        if (!_batching)
            await inner.FlushAsync(cancellationToken);
    }

    public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
        inner.ReadAsync(buffer, cancellationToken);

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        inner.ReadAsync(buffer, offset, count, cancellationToken);

    public override bool CanRead => inner.CanRead;
    public override bool CanWrite => inner.CanWrite;
    public override bool CanSeek => false;
    public override long Length => throw new NotSupportedException();
    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }
    public override void Flush() => throw new NotSupportedException("writes are asynchronous only");
    public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException("reads are asynchronous only");
    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
    public override void SetLength(long value) => throw new NotSupportedException();
    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException("writes are asynchronous only");

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            inner.Dispose();
            _writing.Dispose();
        }
        base.Dispose(disposing);
    }

    public override async ValueTask DisposeAsync()
    {
        await inner.DisposeAsync();
        _writing.Dispose();
        await base.DisposeAsync();
    }
}
