using System.Text.RegularExpressions;
using Flux.Configuration;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;

namespace Flux.Storage.JetStream;

/// <summary>
/// Where the cluster's event log lives and how its stream is configured. Its limits come from
/// <see cref="RetentionOptions"/>; entity state never depends on what retention removes.
/// </summary>
public sealed partial class JetStreamOptions
{
    [ConfigurationKeyName("FLUX_NATS_URL")]
    public string Url { get; set; } = "";

    /// <summary>The stream holding the events; its subjects are <c>&lt;stream&gt;.&gt;</c>.</summary>
    [ConfigurationKeyName("FLUX_NATS_STREAM")]
    public string Stream { get; set; } = "FLUX_EVENTS";

    /// <summary>1 on a single server; 3 where there are three or more JetStream nodes.</summary>
    [ConfigurationKeyName("FLUX_NATS_REPLICAS")]
    public int Replicas { get; set; } = 1;

    /// <summary>How long a retried event id is recognised (contract G6: at least 120 s).</summary>
    [ConfigurationKeyName("FLUX_NATS_DUPLICATE_WINDOW_SECONDS")]
    public int DuplicateWindowSeconds { get; set; } = 120;

    /// <summary>
    /// How long one request to NATS may take before the log gives up: an append then ends in
    /// <see cref="AppendOutcomeUnknownException"/>, a read in <see cref="StorageUnavailableException"/>.
    /// </summary>
    public TimeSpan RequestTimeout { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>
    /// How many reads (direct gets) this process has in flight at most; the rest queue for up to
    /// <see cref="ReadQueueTimeout"/>. One entity's walk sends 16 at once, so 64 keeps four walks going while a
    /// burst of thousands of activations waits its turn here rather than past its request timeout at the server.
    /// </summary>
    public int MaxReadsInFlight { get; set; } = 64;

    public TimeSpan ReadQueueTimeout { get; set; } = TimeSpan.FromSeconds(5);

    public TimeSpan DuplicateWindow => TimeSpan.FromSeconds(DuplicateWindowSeconds);

    /// <summary>Stream names may not hold '.', '*', '>' or spaces; the name is also the subjects' first token.</summary>
    [GeneratedRegex("^[A-Za-z0-9_-]{1,64}$")]
    internal static partial Regex StreamName();
}

public sealed class JetStreamOptionsValidator : IValidateOptions<JetStreamOptions>
{
    public ValidateOptionsResult Validate(string? name, JetStreamOptions options)
    {
        var result = new ValidateOptionsResultBuilder();
        if (!Uri.TryCreate(options.Url, UriKind.Absolute, out var url) || url.Scheme is not ("nats" or "tls" or "ws" or "wss"))
            result.AddError($"FLUX_NATS_URL='{options.Url}' is not a NATS URL such as nats://127.0.0.1:4222");
        if (!JetStreamOptions.StreamName().IsMatch(options.Stream))
            result.AddError($"FLUX_NATS_STREAM='{options.Stream}' is not a stream name: 1 to 64 of A-Z, a-z, 0-9, '_' and '-'");
        result.WholeNumber("FLUX_NATS_REPLICAS", options.Replicas, 1, 5);
        result.WholeNumber("FLUX_NATS_DUPLICATE_WINDOW_SECONDS", options.DuplicateWindowSeconds, 120, (long)SettingRules.MaxSeconds);
        if (options.RequestTimeout <= TimeSpan.Zero)
            result.AddError($"the NATS request timeout ({options.RequestTimeout}) must be positive");
        if (options.MaxReadsInFlight < 1)
            result.AddError($"the NATS reads in flight ({options.MaxReadsInFlight}) must be at least 1");
        if (options.ReadQueueTimeout <= TimeSpan.Zero)
            result.AddError($"the NATS read queue timeout ({options.ReadQueueTimeout}) must be positive");
        return result.Build();
    }
}
