using System.Buffers;
using System.Text;
using Flux.Nats.Internal;

namespace Flux.Nats.Tests.Protocol;

/// <summary>Writes down every operation the parser reports, as text.</summary>
internal sealed class RecordingHandler : IServerOpHandler
{
    public List<string> Ops { get; } = [];

    public void OnMsg(ReadOnlySpan<byte> subject, long sid, ReadOnlySpan<byte> replyTo, in ReadOnlySequence<byte> headers, in ReadOnlySequence<byte> payload) =>
        Ops.Add($"MSG {Encoding.UTF8.GetString(subject)} {sid} [{Encoding.UTF8.GetString(replyTo)}] h=[{Encoding.UTF8.GetString(headers.ToArray())}] p=[{Encoding.UTF8.GetString(payload.ToArray())}]");

    public void OnInfo(ReadOnlySpan<byte> json) => Ops.Add("INFO " + Encoding.UTF8.GetString(json));
    public void OnPing() => Ops.Add("PING");
    public void OnPong() => Ops.Add("PONG");
    public void OnOk() => Ops.Add("+OK");
    public void OnError(string message) => Ops.Add("-ERR " + message);
}
