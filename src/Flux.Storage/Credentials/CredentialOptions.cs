using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;

namespace Flux.Storage;

/// <summary>The key connector credentials are encrypted with (docs/api.md §6.10, §14.1).</summary>
public sealed class CredentialOptions
{
    public const string KeyVariable = "FLUX_ENCRYPTION_KEY";

    /// <summary>Standard base64 of 32 bytes. Unset or invalid leaves the credential store unavailable, never stops start-up.</summary>
    [ConfigurationKeyName(KeyVariable)]
    public string? EncryptionKey { get; set; }
}

/// <summary>
/// Accepts every value: the contract has the server start without a usable key (connectors then report not
/// configured), so <see cref="CredentialVault"/> warns instead of failing here.
/// </summary>
public sealed class CredentialOptionsValidator : IValidateOptions<CredentialOptions>
{
    public ValidateOptionsResult Validate(string? name, CredentialOptions options) => ValidateOptionsResult.Success;
}
