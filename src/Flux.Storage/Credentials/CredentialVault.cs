using System.Buffers;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Flux.Storage;

/// <summary>What a connector authenticates with. Its text form never shows the tokens, so a log line cannot leak them.</summary>
public sealed record ConnectorCredentials(string AccessToken, string? RefreshToken, DateTimeOffset? ExpiresAt)
{
    public override string ToString() =>
        $"ConnectorCredentials {{ AccessToken = ***, RefreshToken = {(RefreshToken is null ? "none" : "***")}, ExpiresAt = {ExpiresAt?.ToString("O") ?? "none"} }}";
}

/// <summary>
/// Connector credentials encrypted at rest (docs/api.md §6.10): AES-256-GCM under the key of FLUX_ENCRYPTION_KEY,
/// a fresh random 12-byte nonce per stored secret, and the owner and connector as associated data, so a blob copied
/// to another row does not open. Without a valid key the vault is not <see cref="Available"/> and the server runs on
/// with connectors unconfigured.
///
/// Sealed form: version (1 byte) | nonce (12) | tag (16) | ciphertext of the credentials as JSON.
/// </summary>
public sealed partial class CredentialVault
{
    public const string KeyVariable = CredentialOptions.KeyVariable;
    private const byte Version = 1;
    private const int KeyBytes = 32;
    private const int NonceBytes = 12;
    private const int TagBytes = 16;
    private const int HeaderBytes = 1 + NonceBytes + TagBytes;

    private readonly ICredentialStore _store;
    private readonly TimeProvider _time;
    private readonly byte[]? _key;

    public CredentialVault(ICredentialStore store, IOptions<CredentialOptions> options, TimeProvider? timeProvider = null,
        ILogger<CredentialVault>? logger = null)
    {
        _store = store;
        _time = timeProvider ?? TimeProvider.System;
        _key = ParseKey(options.Value.EncryptionKey, out var problem);
        if (_key is null)
            LogUnavailable(logger ?? NullLogger<CredentialVault>.Instance, KeyVariable, problem!);
    }

    /// <summary>True when a valid key is configured: credentials can be stored and read.</summary>
    public bool Available => _key is not null;

    /// <summary>The key, or null with the reason (which never contains the value).</summary>
    public static byte[]? ParseKey(string? text, out string? problem)
    {
        problem = null;
        if (string.IsNullOrWhiteSpace(text))
        {
            problem = "it is not set";
            return null;
        }
        try
        {
            var key = Convert.FromBase64String(text);
            if (key.Length == KeyBytes)
                return key;
            problem = $"it decodes to {key.Length} bytes, not {KeyBytes}";
        }
        catch (FormatException)
        {
            problem = "it is not standard base64";
        }
        return null;
    }

    /// <summary>Seals and stores <paramref name="credentials"/>, replacing any for (owner, connector).</summary>
    public Task PutAsync(string owner, string connector, ConnectorCredentials credentials, CancellationToken ct = default) =>
        _store.PutAsync(owner, connector, Seal(owner, connector, credentials), _time.GetUtcNow(), ct);

    /// <summary>
    /// Stores <paramref name="renewed"/> in place of <paramref name="previous"/>, only while those are still what is
    /// stored: a delete or a new store made meanwhile stands. False when it did not replace them.
    /// </summary>
    public async Task<bool> ReplaceAsync(string owner, string connector, ConnectorCredentials previous, ConnectorCredentials renewed, CancellationToken ct = default)
    {
        var stored = await _store.GetAsync(owner, connector, ct).ConfigureAwait(false);
        if (stored is null || Open(owner, connector, stored.SealedCredential) != previous)
            return false;
        return await _store.ReplaceAsync(owner, connector, stored.SealedCredential, Seal(owner, connector, renewed), _time.GetUtcNow(), ct).ConfigureAwait(false);
    }

    /// <summary>The credentials, or null when none are stored.</summary>
    /// <exception cref="CredentialUnreadableException">Stored, but they do not open with this key (or there is no key).</exception>
    public async Task<ConnectorCredentials?> GetAsync(string owner, string connector, CancellationToken ct = default)
    {
        var stored = await _store.GetAsync(owner, connector, ct).ConfigureAwait(false);
        return stored is null ? null : Open(owner, connector, stored.SealedCredential);
    }

    public Task<bool> DeleteAsync(string owner, string connector, CancellationToken ct = default) =>
        _store.DeleteAsync(owner, connector, ct);

    public Task<IReadOnlyList<(string Owner, string Connector)>> ListAsync(CancellationToken ct = default) =>
        _store.ListAsync(ct);

    internal byte[] Seal(string owner, string connector, ConnectorCredentials credentials)
    {
        var key = _key ?? throw new InvalidOperationException($"Credential storage not available ({KeyVariable} not set)");
        var plaintext = Serialize(credentials);
        var sealedBytes = new byte[HeaderBytes + plaintext.Length];
        sealedBytes[0] = Version;
        var nonce = sealedBytes.AsSpan(1, NonceBytes);
        RandomNumberGenerator.Fill(nonce);
        using (var aes = new AesGcm(key, TagBytes))
            aes.Encrypt(nonce, plaintext, sealedBytes.AsSpan(HeaderBytes), sealedBytes.AsSpan(1 + NonceBytes, TagBytes), AssociatedData(owner, connector));
        CryptographicOperations.ZeroMemory(plaintext);
        return sealedBytes;
    }

    internal ConnectorCredentials Open(string owner, string connector, byte[] sealedBytes)
    {
        if (_key is null || sealedBytes.Length < HeaderBytes || sealedBytes[0] != Version)
            throw new CredentialUnreadableException(owner, connector);
        var plaintext = new byte[sealedBytes.Length - HeaderBytes];
        try
        {
            using (var aes = new AesGcm(_key, TagBytes))
                aes.Decrypt(sealedBytes.AsSpan(1, NonceBytes), sealedBytes.AsSpan(HeaderBytes), sealedBytes.AsSpan(1 + NonceBytes, TagBytes),
                    plaintext, AssociatedData(owner, connector));
            return Deserialize(plaintext);
        }
        catch (Exception e) when (e is CryptographicException or JsonException or InvalidOperationException or FormatException)
        {
            throw new CredentialUnreadableException(owner, connector, e);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(plaintext);
        }
    }

    private static byte[] AssociatedData(string owner, string connector) => Encoding.UTF8.GetBytes($"{owner}\0{connector}");

    private static byte[] Serialize(ConnectorCredentials credentials)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteString("access_token", credentials.AccessToken);
            if (credentials.RefreshToken is not null)
                writer.WriteString("refresh_token", credentials.RefreshToken);
            if (credentials.ExpiresAt is { } expiresAt)
                writer.WriteNumber("expires_at", expiresAt.ToUnixTimeMilliseconds());
            writer.WriteEndObject();
        }
        return buffer.WrittenSpan.ToArray();
    }

    private static ConnectorCredentials Deserialize(byte[] plaintext)
    {
        using var document = JsonDocument.Parse(plaintext);
        var root = document.RootElement;
        var accessToken = root.GetProperty("access_token").GetString() ?? throw new FormatException("no access token");
        var refreshToken = root.TryGetProperty("refresh_token", out var refresh) ? refresh.GetString() : null;
        DateTimeOffset? expiresAt = root.TryGetProperty("expires_at", out var expires)
            ? DateTimeOffset.FromUnixTimeMilliseconds(expires.GetInt64())
            : null;
        return new ConnectorCredentials(accessToken, refreshToken, expiresAt);
    }

    [LoggerMessage(EventId = 1, Level = LogLevel.Warning,
        Message = "connector credentials cannot be stored: {Variable} must be the standard base64 of exactly 32 random bytes (e.g. `openssl rand -base64 32`), but {Problem}; connectors are reported as not configured")]
    private static partial void LogUnavailable(ILogger logger, string variable, string problem);
}
