using System.Buffers;
using System.Text;
using Flux.Nats.Internal;

namespace Flux.Nats.Tests.Protocol;

/// <summary>Keeps the headers and payload of the last message.</summary>
internal sealed class HeaderCapture : IServerOpHandler
{
    public NatsHeaders? Headers { get; private set; }
    public string? Payload { get; private set; }

    public void OnMsg(ReadOnlySpan<byte> subject, long sid, ReadOnlySpan<byte> replyTo, in ReadOnlySequence<byte> headers, in ReadOnlySequence<byte> payload)
    {
        Headers = NatsHeaders.Parse(headers);
        Payload = Encoding.UTF8.GetString(payload.ToArray());
    }

    public void OnInfo(ReadOnlySpan<byte> json) { }
    public void OnPing() { }
    public void OnPong() { }
    public void OnOk() { }
    public void OnError(string message) { }
}
