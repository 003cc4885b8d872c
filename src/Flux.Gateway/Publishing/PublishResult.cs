namespace Flux.Gateway.Publishing;

/// <summary>The outcome of one <see cref="PublishItem"/>: the accepted event id, or the failure.</summary>
public readonly record struct PublishResult(string? EventId, string? Stream, PublishFailure? Failure);
