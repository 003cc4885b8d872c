namespace Flux.Storage;

/// <summary>
/// Durable connector credentials and OAuth states (docs/api.md §6.10). A credential is one sealed blob per
/// (owner, connector), opaque here: <see cref="CredentialVault"/> seals and opens it. States survive a restart and
/// are shared by every gateway, so a provider's redirect may land on any of them.
/// </summary>
public interface ICredentialStore
{
    /// <summary>Stores <paramref name="sealedCredential"/> for (owner, connector), replacing what was there.</summary>
    Task PutAsync(string owner, string connector, byte[] sealedCredential, DateTimeOffset updatedAt, CancellationToken cancellationToken = default);

    Task<StoredCredential?> GetAsync(string owner, string connector, CancellationToken cancellationToken = default);

    /// <summary>
    /// Replaces the credential for (owner, connector) only while it is still <paramref name="expected"/>; false when it
    /// was deleted or replaced meanwhile, which then stands.
    /// </summary>
    Task<bool> ReplaceAsync(string owner, string connector, byte[] expected, byte[] sealedCredential, DateTimeOffset updatedAt,
        CancellationToken cancellationToken = default);

    /// <summary>Removes the credential; false if there was none.</summary>
    Task<bool> DeleteAsync(string owner, string connector, CancellationToken cancellationToken = default);

    /// <summary>Every (owner, connector) with a credential.</summary>
    Task<IReadOnlyList<(string Owner, string Connector)>> ListAsync(CancellationToken cancellationToken = default);

    /// <summary>Records a freshly issued state; states older than <see cref="OAuthState.Lifetime"/> are dropped on the way.</summary>
    Task IssueStateAsync(OAuthState state, CancellationToken cancellationToken = default);

    /// <summary>
    /// Removes <paramref name="state"/> and returns what it was issued for, or null when it is unknown, already taken,
    /// or older than <see cref="OAuthState.Lifetime"/>. The lookup consumes it in every case, so a state works once.
    /// </summary>
    Task<OAuthState?> TakeStateAsync(string state, CancellationToken cancellationToken = default);
}

/// <summary>A sealed credential as stored.</summary>
public sealed record StoredCredential(string Owner, string Connector, byte[] SealedCredential, DateTimeOffset UpdatedAt);

/// <summary>An OAuth <c>state</c> and what it was issued for: the callback finds the owner and redirect_uri through it.</summary>
public sealed record OAuthState(string State, string Connector, string Owner, string RedirectUri, DateTimeOffset IssuedAt)
{
    /// <summary>How long a state may be used after it was issued (docs/api.md §6.10).</summary>
    public static readonly TimeSpan Lifetime = TimeSpan.FromSeconds(600);

    public bool IsExpired(DateTimeOffset now) => now - IssuedAt > Lifetime;
}
