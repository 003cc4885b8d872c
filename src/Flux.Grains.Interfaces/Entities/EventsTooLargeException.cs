namespace Flux.Grains.Interfaces;

/// <summary>
/// The events of one request are larger than the entity's log stores in one piece; nothing was stored and the
/// entity is unchanged. The gateway answers 413 with <see cref="Exception.Message"/>, which says what to send.
/// </summary>
[GenerateSerializer, Alias("flux.EventsTooLargeException")]
public sealed class EventsTooLargeException : Exception
{
    public EventsTooLargeException(string message) : base(message)
    {
    }
}
