using Flux.Nats.JetStream.Models;

namespace Flux.Nats.JetStream;

/// <summary>The JetStream API answered with an error: <see cref="Code"/> is HTTP-like, <see cref="ErrorCode"/> is JetStream's own.</summary>
public class NatsJSApiException(ApiError error) : NatsException($"JetStream error {error.Code}/{error.ErrCode}: {error.Description}")
{
    public ApiError Error { get; } = error;
    public int Code => Error.Code;
    public int ErrorCode => Error.ErrCode;

    internal static NatsJSApiException From(ApiError error) => error.ErrCode switch
    {
        NatsJSErrorCodes.WrongLastSequence => new NatsJSWrongLastSequenceException(error),
        NatsJSErrorCodes.NoMessageFound => new NatsJSMsgNotFoundException(error),
        _ => new NatsJSApiException(error),
    };
}
