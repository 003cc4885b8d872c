using Flux.Nats.JetStream.Models;

namespace Flux.Nats.JetStream;

/// <summary>
/// A publish carried <c>Nats-Expected-Last-Subject-Sequence</c> (or -Sequence) and the stream had moved on:
/// another writer got there first. A grain uses this as its fence.
/// </summary>
public sealed class NatsJSWrongLastSequenceException(ApiError error) : NatsJSApiException(error)
{
    /// <summary>The sequence the stream actually has, parsed from "wrong last sequence: N" when present.</summary>
    public ulong? ActualLastSequence { get; } =
        error.Description.LastIndexOf(':') is var i and >= 0 && ulong.TryParse(error.Description.AsSpan(i + 1).Trim(), out var seq) ? seq : null;
}
