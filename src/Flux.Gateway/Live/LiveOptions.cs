using Flux.Configuration;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;

namespace Flux.Gateway.Live;

/// <summary>Live delivery over <c>/api/ws</c> (docs/api.md §10).</summary>
public sealed class LiveOptions
{
    /// <summary>Messages queued per connection before a slow client is told and disconnected (§10.7).</summary>
    [ConfigurationKeyName("FLUX_WS_QUEUE_LIMIT")]
    public int QueueLimit { get; set; } = 10_000;

    /// <summary>Idle connections are pinged this often, and closed when a pong is two intervals late (§10.1).</summary>
    [ConfigurationKeyName("FLUX_WS_PING_SECONDS")]
    public double PingSeconds { get; set; } = 30;

    public TimeSpan PingInterval => TimeSpan.FromSeconds(PingSeconds);
}

public sealed class LiveOptionsValidator : IValidateOptions<LiveOptions>
{
    public ValidateOptionsResult Validate(string? name, LiveOptions options) => new ValidateOptionsResultBuilder()
        .WholeNumber("FLUX_WS_QUEUE_LIMIT", options.QueueLimit, 1)
        .Seconds("FLUX_WS_PING_SECONDS", options.PingSeconds)
        .Build();
}
