using System.Security.Cryptography;
using Flux.Storage.Sqlite;
using Microsoft.Extensions.Options;

namespace Flux.Storage.Tests;

/// <summary>Connector credentials sealed with AES-256-GCM under FLUX_ENCRYPTION_KEY (docs/api.md §6.10).</summary>
public sealed class CredentialVaultTests : IDisposable
{
    private static readonly string Key = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));
    private static readonly ConnectorCredentials Credentials =
        new("ghp_secret-access-token", "refresh-secret", new DateTimeOffset(2026, 3, 1, 12, 0, 0, TimeSpan.Zero));

    private readonly TempDataDirectory _directory = new();
    private readonly EmbeddedStorage _storage;

    public CredentialVaultTests() => _storage = new EmbeddedStorage(_directory.Path);

    public void Dispose()
    {
        _storage.Dispose();
        _directory.Dispose();
    }

    private CredentialVault Vault(string? key = null) =>
        new(_storage.Credentials, Options.Create(new CredentialOptions { EncryptionKey = key ?? Key }));

    [Fact]
    public async Task credentials_read_back_as_they_were_stored()
    {
        var vault = Vault();

        await vault.PutAsync("default", "github", Credentials);
        await vault.PutAsync("default", "gmail", new ConnectorCredentials("only-access", null, null));

        Assert.Equal(Credentials, await vault.GetAsync("default", "github"));
        Assert.Equal(new ConnectorCredentials("only-access", null, null), await vault.GetAsync("default", "gmail"));
        Assert.Null(await vault.GetAsync("default", "linkedin"));
        Assert.Equal([("default", "github"), ("default", "gmail")], await vault.ListAsync());
        Assert.True(await vault.DeleteAsync("default", "gmail"));
        Assert.False(await vault.DeleteAsync("default", "gmail"));
    }

    [Fact]
    public async Task the_stored_bytes_hold_no_token_and_the_same_secret_sealed_twice_differs()
    {
        var vault = Vault();

        await vault.PutAsync("default", "github", Credentials);
        var first = (await _storage.Credentials.GetAsync("default", "github"))!.SealedCredential;
        await vault.PutAsync("default", "github", Credentials);
        var second = (await _storage.Credentials.GetAsync("default", "github"))!.SealedCredential;

        Assert.NotEqual(first, second);
        Assert.NotEqual(first.AsSpan(1, 12).ToArray(), second.AsSpan(1, 12).ToArray());
        Assert.DoesNotContain("ghp_secret", System.Text.Encoding.UTF8.GetString(first), StringComparison.Ordinal);
        Assert.DoesNotContain("refresh-secret", System.Text.Encoding.UTF8.GetString(first), StringComparison.Ordinal);
    }

    [Fact]
    public async Task altered_stored_bytes_are_unreadable()
    {
        var vault = Vault();
        await vault.PutAsync("default", "github", Credentials);
        var stored = (await _storage.Credentials.GetAsync("default", "github"))!;
        var altered = stored.SealedCredential.ToArray();
        altered[^1] ^= 1;
        await _storage.Credentials.PutAsync("default", "github", altered, stored.UpdatedAt);

        var failure = await Assert.ThrowsAsync<CredentialUnreadableException>(() => vault.GetAsync("default", "github"));

        Assert.Equal("github", failure.Connector);
        Assert.DoesNotContain("ghp_secret", failure.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task credentials_moved_to_another_owner_are_unreadable()
    {
        var vault = Vault();
        await vault.PutAsync("team-a", "github", Credentials);
        var stored = (await _storage.Credentials.GetAsync("team-a", "github"))!;
        await _storage.Credentials.PutAsync("team-b", "github", stored.SealedCredential, stored.UpdatedAt);

        await Assert.ThrowsAsync<CredentialUnreadableException>(() => vault.GetAsync("team-b", "github"));
    }

    [Fact]
    public async Task credentials_stored_under_another_key_are_unreadable_and_a_vault_without_key_cannot_read_them()
    {
        await Vault().PutAsync("default", "github", Credentials);
        var otherKey = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));

        await Assert.ThrowsAsync<CredentialUnreadableException>(() => Vault(otherKey).GetAsync("default", "github"));
        await Assert.ThrowsAsync<CredentialUnreadableException>(() => Vault("").GetAsync("default", "github"));
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("not base64!")]
    [InlineData("c2hvcnQ=")]
    [InlineData("AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=")]
    [InlineData("AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA")]
    public async Task a_key_that_is_not_base64_of_32_bytes_leaves_the_vault_unavailable(string key)
    {
        var vault = Vault(key);

        Assert.False(vault.Available);
        await Assert.ThrowsAsync<InvalidOperationException>(() => vault.PutAsync("default", "github", Credentials));
    }

    [Fact]
    public void a_key_of_32_bytes_in_standard_base64_makes_the_vault_available()
    {
        Assert.True(Vault().Available);
        Assert.True(Vault(Convert.ToBase64String(new byte[32])).Available);
    }

    [Fact]
    public void the_text_of_credentials_never_shows_the_tokens()
    {
        var text = Credentials.ToString();

        Assert.DoesNotContain("ghp_secret", text, StringComparison.Ordinal);
        Assert.DoesNotContain("refresh-secret", text, StringComparison.Ordinal);
    }
}
