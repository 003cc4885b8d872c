using Flux.Nats.Internal;

namespace Flux.Nats;

public sealed partial class NatsConnection
{
    public async ValueTask<NatsMsg> RequestAsync(string subject, ReadOnlyMemory<byte> data = default, NatsHeaders? headers = null,
        TimeSpan? timeout = null, CancellationToken ct = default)
    {
        Commands.ValidateToken(subject, "subject");
        var wait = timeout ?? Opts.RequestTimeout;
        var waiter = new RequestWaiter(this, _mux.Prefix) { RequestSubject = subject };
        var token = Register(waiter, wait);
        try
        {
            await PublishCoreAsync(subject, new ReplySubject(_mux.PrefixBytes, token), headers, data, ct).ConfigureAwait(false);
        }
        catch (Exception ex)
        {
            _mux.TryCancel(token, ex);
            throw;
        }
        if (!ct.CanBeCanceled) return await waiter.Task.ConfigureAwait(false);
        await using var registration = ct.UnsafeRegister(static s =>
        {
            var (mux, t, c) = ((ReplyMux, long, CancellationToken))s!;
            mux.TryCancel(t, new OperationCanceledException(c));
        }, (_mux, token, ct)).ConfigureAwait(false);
        return await waiter.Task.ConfigureAwait(false);
    }

    /// <summary>Registers a waiter on the muxed inbox with its deadline; returns the reply token.</summary>
    internal long Register(ReplyWaiter waiter, TimeSpan timeout)
    {
        waiter.Timeout = timeout;
        waiter.Deadline = Opts.TimeProvider.GetTimestamp() + (long)(timeout.TotalSeconds * Opts.TimeProvider.TimestampFrequency);
        return _mux.Register(waiter);
    }
}
