using Flux.Contract;
using Orleans.Serialization.Cloning;

namespace Flux.Grains.Interfaces;

/// <summary>
/// How a <see cref="FluxEvent"/> crosses a grain call. Between processes it travels as its stored envelope
/// (UTF-8 JSON, the same bytes the log keeps), so the payload's text is never re-encoded. Within a process
/// it is not copied at all: an event is immutable once parsed.
/// </summary>
[GenerateSerializer, Alias("flux.FluxEvent")]
public readonly struct FluxEventSurrogate(byte[] envelope)
{
    [Id(0)]
    public byte[] Envelope { get; } = envelope;
}

[RegisterConverter]
public sealed class FluxEventConverter : IConverter<FluxEvent, FluxEventSurrogate>
{
    public FluxEvent ConvertFromSurrogate(in FluxEventSurrogate surrogate) => FluxEvent.FromEnvelopeJson(surrogate.Envelope);

    public FluxEventSurrogate ConvertToSurrogate(in FluxEvent value) => new(value.ToEnvelopeJson());
}

[RegisterCopier]
public sealed class FluxEventCopier : IDeepCopier<FluxEvent>, IOptionalDeepCopier
{
    public FluxEvent? DeepCopy(FluxEvent? input, CopyContext context) => input;

    public bool IsShallowCopyable() => true;
}
