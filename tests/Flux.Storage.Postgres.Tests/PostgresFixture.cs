using Npgsql;

namespace Flux.Storage.Postgres.Tests;

/// <summary>
/// One real PostgreSQL per test class (so a class that stops or kills its server disturbs no other), and a fresh
/// database per test, migrated, so tests never see each other's rows. Not durable (no fsync): creating a database
/// per test would otherwise cost most of the run; see <see cref="DurablePostgresFixture"/>.
/// </summary>
public class PostgresFixture : IAsyncLifetime
{
    private int _databases;

    public PostgresFixture()
        : this(durable: false)
    {
    }

    protected PostgresFixture(bool durable) => Server = new PostgresServer(durable);

    public PostgresServer Server { get; }

    public Task InitializeAsync() => Server.StartAsync();

    public Task DisposeAsync() => Server.DisposeAsync().AsTask();

    /// <summary>A new, empty database's connection string.</summary>
    public Task<string> CreateDatabaseAsync() =>
        Server.CreateDatabaseAsync($"flux_test_{Interlocked.Increment(ref _databases)}_{Guid.NewGuid():N}"[..40]);

    /// <summary>A new database with Flux's schema applied, and its pool.</summary>
    public async Task<PostgresDatabase> CreateMigratedDatabaseAsync()
    {
        var database = new PostgresDatabase(await CreateDatabaseAsync());
        await PostgresMigrations.ApplyAsync(database.DataSource);
        return database;
    }

    public static async Task<T> ScalarAsync<T>(PostgresDatabase database, string sql)
    {
        await using var command = database.DataSource.CreateCommand(sql);
        return (T)(await command.ExecuteScalarAsync())!;
    }
}

/// <summary>For classes that kill the server and expect what was committed before to be there after the restart.</summary>
public sealed class DurablePostgresFixture() : PostgresFixture(durable: true);
