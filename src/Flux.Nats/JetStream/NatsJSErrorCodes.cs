namespace Flux.Nats.JetStream;

/// <summary>JetStream <c>err_code</c> values this client reacts to.</summary>
public static class NatsJSErrorCodes
{
    public const int StreamNotFound = 10059;
    public const int ConsumerNotFound = 10014;
    public const int NoMessageFound = 10037;
    /// <summary>An expected-last-sequence header did not match ("wrong last sequence: N").</summary>
    public const int WrongLastSequence = 10071;
    public const int StreamNameInUse = 10058;
}
