using System.Buffers;
using Flux.Nats.Internal;

namespace Flux.Nats.Tests.Protocol;

/// <summary>Counts operations and keeps nothing, so parsing can be measured for allocations.</summary>
internal sealed class CountingHandler : IServerOpHandler
{
    public int Msgs;

    public void OnMsg(ReadOnlySpan<byte> subject, long sid, ReadOnlySpan<byte> replyTo, in ReadOnlySequence<byte> headers, in ReadOnlySequence<byte> payload) => Msgs++;
    public void OnInfo(ReadOnlySpan<byte> json) { }
    public void OnPing() => Msgs++;
    public void OnPong() { }
    public void OnOk() { }
    public void OnError(string message) { }
}
