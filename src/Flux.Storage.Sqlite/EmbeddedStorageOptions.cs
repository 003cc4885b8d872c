using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;

namespace Flux.Storage.Sqlite;

/// <summary>Where the embedded profile's store lives (docs/api.md §14); its history is kept by <see cref="RetentionOptions"/>.</summary>
public sealed class EmbeddedStorageOptions
{
    /// <summary>The directory holding <c>flux.db</c>; one server per directory.</summary>
    [ConfigurationKeyName("FLUX_DATA_DIR")]
    public string DataDirectory { get; set; } = "data";
}

/// <summary>Whether the directory can be used is found when the store opens it; a blank name is refused here.</summary>
public sealed class EmbeddedStorageOptionsValidator : IValidateOptions<EmbeddedStorageOptions>
{
    public ValidateOptionsResult Validate(string? name, EmbeddedStorageOptions options) =>
        string.IsNullOrWhiteSpace(options.DataDirectory)
            ? ValidateOptionsResult.Fail($"FLUX_DATA_DIR='{options.DataDirectory}' is blank: name a directory")
            : ValidateOptionsResult.Success;
}
