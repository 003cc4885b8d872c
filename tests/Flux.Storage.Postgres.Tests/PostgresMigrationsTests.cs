namespace Flux.Storage.Postgres.Tests;

public sealed class PostgresMigrationsTests(PostgresFixture postgres) : IClassFixture<PostgresFixture>
{
    /// <summary>The queries Orleans' ADO.NET clustering and reminder providers load by key, in order.</summary>
    private static readonly string[] OrleansQueryKeys =
    [
        "CleanupDefunctSiloEntriesKey", "CleanupDefunctSiloEntryKey", "DeleteMembershipTableEntriesKey", "DeleteReminderRowKey",
        "DeleteReminderRowsKey", "GatewaysQueryKey", "InsertMembershipKey", "InsertMembershipVersionKey", "MembershipReadAllKey",
        "MembershipReadRowKey", "ReadRangeRows1Key", "ReadRangeRows2Key", "ReadReminderRowKey", "ReadReminderRowsKey",
        "UpdateIAmAlivetimeKey", "UpdateMembershipKey", "UpsertReminderRowKey",
    ];

    [Fact]
    public async Task a_fresh_database_gets_every_migration_and_the_clustering_and_reminder_queries()
    {
        await using var database = new PostgresDatabase(await postgres.CreateDatabaseAsync());

        var applied = await PostgresMigrations.ApplyAsync(database.DataSource);

        Assert.Equal(PostgresMigrations.LatestVersion, applied);
        Assert.Equal(PostgresMigrations.LatestVersion, await PostgresFixture.ScalarAsync<int>(database, "SELECT max(version) FROM flux_schema_migrations"));
        Assert.Equal(OrleansQueryKeys, await QueryKeysAsync(database));
    }

    [Fact]
    public async Task migrations_applied_twice_are_a_no_op()
    {
        await using var database = new PostgresDatabase(await postgres.CreateDatabaseAsync());
        await PostgresMigrations.ApplyAsync(database.DataSource);
        await new PostgresSnapshotStore(database).WriteAsync(TestStates.State("kept", """{"a":1}"""));

        var applied = await PostgresMigrations.ApplyAsync(database.DataSource);

        Assert.Equal(0, applied);
        Assert.Equal(PostgresMigrations.LatestVersion, await PostgresFixture.ScalarAsync<long>(database, "SELECT count(*) FROM flux_schema_migrations"));
        Assert.NotNull(await new PostgresSnapshotStore(database).LoadAsync("kept"));
    }

    [Fact]
    public async Task concurrent_migrators_apply_each_migration_once_without_errors()
    {
        var connectionString = await postgres.CreateDatabaseAsync();
        // Separate pools, as separate silos would have.
        var silos = Enumerable.Range(0, 8).Select(_ => new PostgresDatabase(connectionString)).ToArray();
        try
        {
            var applied = await Task.WhenAll(silos.Select(silo => Task.Run(() => PostgresMigrations.ApplyAsync(silo.DataSource))));

            Assert.Equal(PostgresMigrations.LatestVersion, applied.Sum());
            Assert.Single(applied, count => count > 0);
            Assert.Equal(PostgresMigrations.LatestVersion, await PostgresFixture.ScalarAsync<long>(silos[0], "SELECT count(*) FROM flux_schema_migrations"));
        }
        finally
        {
            foreach (var silo in silos) await silo.DisposeAsync();
        }
    }

    [Fact]
    public async Task query_rows_an_operator_already_installed_are_kept()
    {
        await using var database = new PostgresDatabase(await postgres.CreateDatabaseAsync());
        await using (var existing = database.DataSource.CreateCommand("""
            CREATE TABLE OrleansQuery (QueryKey varchar(64) PRIMARY KEY, QueryText varchar(8000) NOT NULL);
            INSERT INTO OrleansQuery VALUES ('GatewaysQueryKey', 'SELECT 1 -- tuned');
            """))
        {
            await existing.ExecuteNonQueryAsync();
        }

        await PostgresMigrations.ApplyAsync(database.DataSource);

        Assert.Equal("SELECT 1 -- tuned", await PostgresFixture.ScalarAsync<string>(database, "SELECT QueryText FROM OrleansQuery WHERE QueryKey = 'GatewaysQueryKey'"));
        Assert.Equal(OrleansQueryKeys, await QueryKeysAsync(database));
    }

    [Fact]
    public async Task a_schema_newer_than_the_build_is_refused()
    {
        await using var database = new PostgresDatabase(await postgres.CreateDatabaseAsync());
        await PostgresMigrations.ApplyAsync(database.DataSource);
        await using (var future = database.DataSource.CreateCommand($"INSERT INTO flux_schema_migrations (version) VALUES ({PostgresMigrations.LatestVersion + 1})"))
        {
            await future.ExecuteNonQueryAsync();
        }

        var refused = await Assert.ThrowsAsync<InvalidOperationException>(() => PostgresMigrations.ApplyAsync(database.DataSource));

        Assert.Contains("newer than this build", refused.Message, StringComparison.Ordinal);
    }

    private static async Task<string[]> QueryKeysAsync(PostgresDatabase database)
    {
        await using var command = database.DataSource.CreateCommand("SELECT QueryKey FROM OrleansQuery ORDER BY QueryKey COLLATE \"C\"");
        await using var reader = await command.ExecuteReaderAsync();
        var keys = new List<string>();
        while (await reader.ReadAsync()) keys.Add(reader.GetString(0));
        return [.. keys];
    }
}
