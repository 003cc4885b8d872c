using System.Buffers;
using System.Runtime.CompilerServices;
using System.Text;
using System.Threading.Channels;
using Flux.Nats.Internal;

namespace Flux.Nats;

/// <summary>
/// A core subscription. Messages queue in a bounded channel; when the reader falls behind, new
/// messages are dropped and counted in <see cref="Dropped"/> so the connection never waits on it.
/// </summary>
public sealed class NatsSub : NatsSubBase, IAsyncDisposable
{
    private readonly NatsConnection _connection;
    private readonly Channel<NatsMsg> _channel;
    private readonly long? _maxMsgs;
    private long _delivered;
    private long _dropped;
    private byte[] _lastSubjectBytes = [];
    private string _lastSubject = "";

    internal NatsSub(NatsConnection connection, string subject, string? queueGroup, NatsSubOpts? opts, int capacity)
        : base(subject, queueGroup)
    {
        _connection = connection;
        _maxMsgs = opts?.MaxMsgs;
        _channel = Channel.CreateBounded<NatsMsg>(new BoundedChannelOptions(opts?.PendingCapacity ?? capacity)
        {
            SingleWriter = true,
            FullMode = BoundedChannelFullMode.Wait, // TryWrite fails when full: we count the drop instead of waiting
        });
    }

    public ChannelReader<NatsMsg> Msgs => _channel.Reader;
    /// <summary>Messages discarded because this subscriber was too slow.</summary>
    public long Dropped => Interlocked.Read(ref _dropped);
    public long Delivered => Interlocked.Read(ref _delivered);

    internal override long? RemainingMsgs => _maxMsgs is { } max ? Math.Max(0, max - Delivered) : null;

    public async IAsyncEnumerable<NatsMsg> ReadAllAsync([EnumeratorCancellation] CancellationToken ct = default)
    {
        await foreach (var msg in _channel.Reader.ReadAllAsync(ct).ConfigureAwait(false)) yield return msg;
    }

    public ValueTask UnsubscribeAsync() => _connection.UnsubscribeAsync(this);

    public ValueTask DisposeAsync() => UnsubscribeAsync();

    internal override void Deliver(ReadOnlySpan<byte> subject, ReadOnlySpan<byte> replyTo, in ReadOnlySequence<byte> headers, in ReadOnlySequence<byte> payload)
    {
        var delivered = Interlocked.Increment(ref _delivered);
        if (_maxMsgs is { } max && delivered > max) return;

        var msg = new NatsMsg(
            SubjectString(subject),
            replyTo.IsEmpty ? null : Encoding.UTF8.GetString(replyTo),
            headers.IsEmpty ? null : NatsHeaders.Parse(headers),
            payload.IsEmpty ? ReadOnlyMemory<byte>.Empty : payload.ToArray(),
            _connection);
        if (!_channel.Writer.TryWrite(msg) && Interlocked.Increment(ref _dropped) == 1)
            _connection.ReportSlowConsumer(this);

        if (_maxMsgs is { } limit && delivered == limit) _connection.RemoveSubscription(this);
    }

    internal override void Complete(Exception? error) => _channel.Writer.TryComplete(error);

    /// <summary>Most subscriptions see the same subjects again and again; reuse the last string.</summary>
    private string SubjectString(ReadOnlySpan<byte> subject)
    {
        if (subject.SequenceEqual(_lastSubjectBytes)) return _lastSubject;
        _lastSubjectBytes = subject.ToArray();
        return _lastSubject = Encoding.UTF8.GetString(subject);
    }
}
