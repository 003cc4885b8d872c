namespace Flux.Nats;

/// <summary>Why a connection event fired; <see cref="Error"/> is set when a failure caused it.</summary>
public sealed class NatsConnectionEventArgs(string message, Exception? error = null) : EventArgs
{
    public string Message { get; } = message;
    public Exception? Error { get; } = error;
}
