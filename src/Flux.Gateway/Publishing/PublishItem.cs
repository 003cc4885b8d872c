using Flux.Contract;
using Flux.Grains.Interfaces;

namespace Flux.Gateway.Publishing;

/// <summary>One event to publish (single POST or batch item): parsed, or already failed validation.</summary>
public readonly record struct PublishItem(FluxEvent? Event, PublishFailure? Failure, string? SubmittedStream)
{
    public static PublishItem Valid(FluxEvent e) => new(e, null, e.Stream);

    public static PublishItem Invalid(PublishFailure failure, string? submittedStream) => new(null, failure, submittedStream);
}
