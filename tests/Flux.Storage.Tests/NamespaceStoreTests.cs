using Flux.Storage.Sqlite;

namespace Flux.Storage.Tests;

public sealed class NamespaceStoreTests : IDisposable
{
    private static readonly DateTimeOffset Created = new DateTimeOffset(2026, 2, 25, 9, 0, 0, TimeSpan.Zero).AddTicks(1230);

    private readonly TempDataDirectory _directory = new();
    private EmbeddedStorage _storage;

    public NamespaceStoreTests() => _storage = new EmbeddedStorage(_directory.Path);

    public void Dispose()
    {
        _storage.Dispose();
        _directory.Dispose();
    }

    [Fact]
    public async Task a_created_namespace_reads_back_after_a_reopen()
    {
        var record = new NamespaceRecord("dawn-coral", "ns_q4m8t2zc", [1, 2, 3, 0, 255], Created);

        Assert.True(await _storage.Namespaces.TryCreateAsync(record));
        _storage.Dispose();
        _storage = new EmbeddedStorage(_directory.Path);
        var read = await _storage.Namespaces.GetAsync("dawn-coral");

        Assert.NotNull(read);
        Assert.Equal(record.NamespaceId, read.NamespaceId);
        Assert.Equal(record.TokenHash, read.TokenHash);
        Assert.Equal(Created, read.CreatedAt);
        Assert.Null(await _storage.Namespaces.GetAsync("ridge-lab"));
    }

    [Fact]
    public async Task concurrent_creates_of_one_name_let_exactly_one_win()
    {
        var attempts = Enumerable.Range(0, 50)
            .Select(i => Task.Run(() => _storage.Namespaces.TryCreateAsync(new NamespaceRecord("contested", $"ns_{i:D8}", [(byte)i], Created))))
            .ToArray();

        var outcomes = await Task.WhenAll(attempts);

        var winner = Assert.Single(outcomes.Select((won, i) => (won, i)), x => x.won);
        Assert.Equal($"ns_{winner.i:D8}", (await _storage.Namespaces.GetAsync("contested"))!.NamespaceId);
    }

    [Fact]
    public async Task delete_removes_a_registration_once()
    {
        await _storage.Namespaces.TryCreateAsync(new NamespaceRecord("ridge-lab", "ns_aaaaaaaa", [9], Created));

        Assert.True(await _storage.Namespaces.DeleteAsync("ridge-lab"));
        Assert.False(await _storage.Namespaces.DeleteAsync("ridge-lab"));
        Assert.Null(await _storage.Namespaces.GetAsync("ridge-lab"));
        Assert.True(await _storage.Namespaces.TryCreateAsync(new NamespaceRecord("ridge-lab", "ns_bbbbbbbb", [9], Created)));
    }
}
