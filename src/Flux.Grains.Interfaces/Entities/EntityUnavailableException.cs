namespace Flux.Grains.Interfaces;

/// <summary>
/// The entity cannot answer now, and nothing half-done is visible: its log is unreachable, or refused or could
/// not confirm an append (then the next call reloads the entity from the log). Retrying is safe: event ids
/// make a retry idempotent (G6). The gateway answers 503 with <see cref="Exception.Message"/> as the reason.
/// The storage exception behind it stays in the silo's log: storage types do not cross grain calls.
/// </summary>
[GenerateSerializer, Alias("flux.EntityUnavailableException")]
public sealed class EntityUnavailableException : Exception
{
    public EntityUnavailableException(string message) : base(message)
    {
    }
}
