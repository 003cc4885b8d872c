namespace Flux.Storage.Postgres.Tests;

/// <summary>The embedded store's namespace behaviour (tests/Flux.Storage.Tests/NamespaceStoreTests.cs), on PostgreSQL.</summary>
public sealed class PostgresNamespaceStoreTests(PostgresFixture postgres) : IClassFixture<PostgresFixture>, IAsyncLifetime
{
    private static readonly DateTimeOffset Created = new DateTimeOffset(2026, 2, 25, 9, 0, 0, TimeSpan.Zero).AddTicks(1230);

    private string _connectionString = "";
    private PostgresDatabase _database = null!;
    private PostgresNamespaceStore _namespaces = null!;

    public async Task InitializeAsync()
    {
        _database = await postgres.CreateMigratedDatabaseAsync();
        _connectionString = _database.DataSource.ConnectionString;
        _namespaces = new PostgresNamespaceStore(_database);
    }

    public Task DisposeAsync() => _database.DisposeAsync().AsTask();

    [Fact]
    public async Task a_created_namespace_reads_back_through_a_new_pool()
    {
        var record = new NamespaceRecord("dawn-coral", "ns_q4m8t2zc", [1, 2, 3, 0, 255], Created);

        Assert.True(await _namespaces.TryCreateAsync(record));
        await using var reopened = new PostgresDatabase(_connectionString);
        var read = await new PostgresNamespaceStore(reopened).GetAsync("dawn-coral");

        Assert.NotNull(read);
        Assert.Equal(record.NamespaceId, read.NamespaceId);
        Assert.Equal(record.TokenHash, read.TokenHash);
        Assert.Equal(Created, read.CreatedAt);
        Assert.Null(await _namespaces.GetAsync("ridge-lab"));
    }

    [Fact]
    public async Task concurrent_creates_of_one_name_let_exactly_one_win()
    {
        var attempts = Enumerable.Range(0, 50)
            .Select(i => Task.Run(() => _namespaces.TryCreateAsync(new NamespaceRecord("contested", $"ns_{i:D8}", [(byte)i], Created))))
            .ToArray();

        var outcomes = await Task.WhenAll(attempts);

        var winner = Assert.Single(outcomes.Select((won, i) => (won, i)), x => x.won);
        Assert.Equal($"ns_{winner.i:D8}", (await _namespaces.GetAsync("contested"))!.NamespaceId);
    }

    [Fact]
    public async Task delete_removes_a_registration_once()
    {
        await _namespaces.TryCreateAsync(new NamespaceRecord("ridge-lab", "ns_aaaaaaaa", [9], Created));

        Assert.True(await _namespaces.DeleteAsync("ridge-lab"));
        Assert.False(await _namespaces.DeleteAsync("ridge-lab"));
        Assert.Null(await _namespaces.GetAsync("ridge-lab"));
        Assert.True(await _namespaces.TryCreateAsync(new NamespaceRecord("ridge-lab", "ns_bbbbbbbb", [9], Created)));
    }

    [Fact]
    public async Task a_token_hash_finds_its_namespace_and_an_unknown_one_finds_none()
    {
        await _namespaces.TryCreateAsync(new NamespaceRecord("dawn-coral", "ns_q4m8t2zc", [7, 0, 7], Created));
        await _namespaces.TryCreateAsync(new NamespaceRecord("ridge-lab", "ns_aaaaaaaa", [8, 8], Created));

        Assert.Equal("dawn-coral", await _namespaces.FindByTokenHashAsync([7, 0, 7]));
        Assert.Null(await _namespaces.FindByTokenHashAsync([7, 0]));
    }
}
