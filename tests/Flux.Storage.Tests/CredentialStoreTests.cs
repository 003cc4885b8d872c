using Flux.Storage.Sqlite;

namespace Flux.Storage.Tests;

/// <summary>The credential store contract (<see cref="CredentialStoreContract"/>) on the embedded store.</summary>
public sealed class CredentialStoreTests : CredentialStoreContract, IDisposable
{
    private readonly TempDataDirectory _directory = new();
    private readonly List<EmbeddedStorage> _opened = [];
    private EmbeddedStorage _storage;

    public CredentialStoreTests() => _storage = Open();

    protected override ICredentialStore Store => _storage.Credentials;

    /// <summary>The embedded store allows one process per directory, so a reopen closes the first and serves both.</summary>
    protected override Task<ICredentialStore> ReopenAsync()
    {
        _storage.Dispose();
        _storage = Open();
        return Task.FromResult<ICredentialStore>(_storage.Credentials);
    }

    private EmbeddedStorage Open()
    {
        var storage = new EmbeddedStorage(_directory.Path, Clock);
        _opened.Add(storage);
        return storage;
    }

    public void Dispose()
    {
        foreach (var storage in _opened)
            storage.Dispose();
        _directory.Dispose();
    }
}
