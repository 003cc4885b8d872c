using Flux.Storage.Tests;

namespace Flux.Storage.Postgres.Tests;

/// <summary>The credential store contract (<see cref="CredentialStoreContract"/>) on PostgreSQL; a reopen is a second pool, as another gateway has.</summary>
public sealed class PostgresCredentialStoreTests(PostgresFixture postgres) : CredentialStoreContract, IClassFixture<PostgresFixture>, IAsyncLifetime
{
    private readonly List<PostgresDatabase> _pools = [];
    private PostgresCredentialStore _store = null!;

    protected override ICredentialStore Store => _store;

    public async Task InitializeAsync()
    {
        var database = await postgres.CreateMigratedDatabaseAsync();
        _pools.Add(database);
        _store = new PostgresCredentialStore(database, Clock);
    }

    protected override Task<ICredentialStore> ReopenAsync()
    {
        var pool = new PostgresDatabase(_pools[0].DataSource.ConnectionString);
        _pools.Add(pool);
        return Task.FromResult<ICredentialStore>(new PostgresCredentialStore(pool, Clock));
    }

    public async Task DisposeAsync()
    {
        foreach (var pool in _pools)
            await pool.DisposeAsync();
    }
}
