using Flux.Configuration;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;

namespace Flux.Storage.Sqlite;

/// <summary>The embedded profile's store: where it lives and how much history it keeps (docs/api.md §13, §14).</summary>
public sealed class EmbeddedStorageOptions
{
    /// <summary>The directory holding <c>flux.db</c>; one server per directory.</summary>
    [ConfigurationKeyName("FLUX_DATA_DIR")]
    public string DataDirectory { get; set; } = "data";

    /// <summary>Events accepted longer ago than this are pruned; 0 keeps them. State never depends on it.</summary>
    [ConfigurationKeyName("FLUX_EVENT_RETENTION_DAYS")]
    public int RetentionDays { get; set; } = 7;

    /// <summary>The oldest events are pruned while the log is larger than this; 0 = unlimited.</summary>
    [ConfigurationKeyName("FLUX_EVENT_RETENTION_BYTES")]
    public long RetentionBytes { get; set; } = 10L * 1024 * 1024 * 1024;

    public RetentionPolicy Retention => new(RetentionDays, RetentionBytes);
}

public sealed class EmbeddedStorageOptionsValidator : IValidateOptions<EmbeddedStorageOptions>
{
    public ValidateOptionsResult Validate(string? name, EmbeddedStorageOptions options) => new ValidateOptionsResultBuilder()
        .WholeNumber("FLUX_EVENT_RETENTION_DAYS", options.RetentionDays, 0)
        .WholeNumber("FLUX_EVENT_RETENTION_BYTES", options.RetentionBytes, 0)
        .Build();
}
