using System.IO.Pipelines;
using System.Net.Sockets;

namespace Flux.Nats.Internal;

/// <summary>
/// One TCP connection to a server, from handshake to failure. The first failure wins and is the
/// reason reported in the disconnected event; failing closes the socket, which ends both loops.
/// </summary>
internal sealed class Session(Socket socket, NetworkStream stream, PipeReader input, PipeReader outbound)
{
    private readonly TaskCompletionSource<Exception> _failed = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _pingsOut;

    public Socket Socket { get; } = socket;
    public NetworkStream Stream { get; } = stream;
    public PipeReader Input { get; } = input;
    public ITimer? PingTimer { get; set; }
    public Task ReadLoop { get; set; } = Task.CompletedTask;
    public Task SendLoop { get; set; } = Task.CompletedTask;

    public bool IsFailed => _failed.Task.IsCompleted;
    public Task<Exception> Failed => _failed.Task;

    public int IncrementPingsOut() => Interlocked.Increment(ref _pingsOut);
    public void ResetPingsOut() => Interlocked.Exchange(ref _pingsOut, 0);

    public void Fail(Exception reason)
    {
        if (!_failed.TrySetResult(reason)) return;
        PingTimer?.Dispose();
        try { Socket.Shutdown(SocketShutdown.Both); } catch (Exception) { /* already gone */ }
        Stream.Dispose(); // owns the socket
        outbound.CancelPendingRead(); // wakes the send loop so it can see the failure and stop
    }

    /// <summary>Waits until both loops have stopped touching the pipes, then reports why the session ended.</summary>
    public async Task<Exception> CompletionAsync()
    {
        var reason = await Failed.ConfigureAwait(false);
        try { await Task.WhenAll(ReadLoop, SendLoop).ConfigureAwait(false); } catch (Exception) { /* reason already recorded */ }
        return reason;
    }
}
