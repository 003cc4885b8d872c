using Npgsql;

namespace Flux.Storage.Postgres.Tests;

public sealed class PostgresDatabaseTests(PostgresFixture postgres) : IClassFixture<PostgresFixture>
{
    [Fact]
    public async Task more_work_at_once_than_the_pool_holds_waits_for_a_connection_instead_of_failing_as_unavailable()
    {
        // Npgsql's own pool would give up on the waiting calls after the one-second connect timeout.
        var connectionString = new NpgsqlConnectionStringBuilder(await postgres.CreateDatabaseAsync()) { MaxPoolSize = 2, Timeout = 1 }.ConnectionString;
        await using var database = new PostgresDatabase(connectionString);
        var running = 0;
        var mostAtOnce = 0;

        var calls = Enumerable.Range(0, 8).Select(_ => database.RunAsync(async (connection, token) =>
        {
            var now = Interlocked.Increment(ref running);
            InterlockedMax(ref mostAtOnce, now);
            await using var command = new NpgsqlCommand("SELECT pg_sleep(0.6)", connection);
            await command.ExecuteNonQueryAsync(token);
            Interlocked.Decrement(ref running);
            return true;
        }, CancellationToken.None));

        Assert.All(await Task.WhenAll(calls), Assert.True);
        Assert.Equal(2, mostAtOnce);
    }

    private static void InterlockedMax(ref int target, int value)
    {
        for (var seen = Volatile.Read(ref target); value > seen; seen = Volatile.Read(ref target))
            if (Interlocked.CompareExchange(ref target, value, seen) == seen)
                return;
    }
}
