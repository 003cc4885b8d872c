using System.Buffers;

namespace Flux.Nats.Internal;

/// <summary>Receives each server operation as the parser finds it; spans are only valid during the call.</summary>
internal interface IServerOpHandler
{
    /// <summary>MSG or HMSG; <paramref name="headers"/> is empty for MSG.</summary>
    void OnMsg(ReadOnlySpan<byte> subject, long sid, ReadOnlySpan<byte> replyTo, in ReadOnlySequence<byte> headers, in ReadOnlySequence<byte> payload);
    void OnInfo(ReadOnlySpan<byte> json);
    void OnPing();
    void OnPong();
    void OnOk();
    void OnError(string message);
}
