using System.Buffers;

namespace Flux.Nats.Internal;

/// <summary>Captures the one operation parsed during the handshake (INFO, PONG, -ERR ...).</summary>
internal sealed class HandshakeOp : IServerOpHandler
{
    public string Kind { get; private set; } = "";
    public byte[] Info { get; private set; } = [];
    public string Error { get; private set; } = "";

    public void OnMsg(ReadOnlySpan<byte> subject, long sid, ReadOnlySpan<byte> replyTo, in ReadOnlySequence<byte> headers, in ReadOnlySequence<byte> payload) => Kind = "MSG";
    public void OnInfo(ReadOnlySpan<byte> json) { Kind = "INFO"; Info = json.ToArray(); }
    public void OnPing() => Kind = "PING";
    public void OnPong() => Kind = "PONG";
    public void OnOk() => Kind = "+OK";
    public void OnError(string message) { Kind = "-ERR"; Error = message; }
}
