namespace Flux.Storage;

/// <summary>
/// Credentials are stored but cannot be opened: the encryption key changed, or the stored bytes were altered. The
/// owner has to store them again (docs/api.md §6.10, <c>status</c> <c>error</c>).
/// </summary>
public sealed class CredentialUnreadableException(string owner, string connector, Exception? inner = null)
    : Exception($"the stored credentials of connector '{connector}' for '{owner}' cannot be decrypted (was FLUX_ENCRYPTION_KEY changed?); store them again", inner)
{
    public string Owner { get; } = owner;
    public string Connector { get; } = connector;
}
