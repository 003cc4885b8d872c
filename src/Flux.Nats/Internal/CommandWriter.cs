using System.Buffers;

namespace Flux.Nats.Internal;

/// <summary>Formats one command into the outbound buffer and returns the bytes written.</summary>
internal delegate int CommandWriter<in TState>(IBufferWriter<byte> writer, TState state);
