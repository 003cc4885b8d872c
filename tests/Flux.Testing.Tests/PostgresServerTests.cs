using System.Net.Sockets;
using Npgsql;

namespace Flux.Testing.Tests;

public sealed class PostgresServerTests
{
    [Fact]
    public async Task a_database_created_for_a_test_accepts_connections()
    {
        await using var server = new PostgresServer();
        await server.StartAsync();

        var connectionString = await server.CreateDatabaseAsync("orders_test");

        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("SELECT current_database(), inet_server_addr()::text, current_setting('fsync')", connection);
        await using var reader = await command.ExecuteReaderAsync();
        Assert.True(await reader.ReadAsync());
        Assert.Equal("orders_test", reader.GetString(0));
        Assert.Equal("127.0.0.1/32", reader.GetString(1));
        Assert.Equal("off", reader.GetString(2));
    }

    [Fact]
    public async Task a_durable_server_keeps_fsync_on()
    {
        await using var server = new PostgresServer(durable: true);
        await server.StartAsync();

        Assert.Equal("on", await ScalarAsync(server.ConnectionString, "SELECT current_setting('fsync')"));
    }

    [Fact]
    public async Task data_survives_a_restart()
    {
        await using var server = new PostgresServer();
        await server.StartAsync();
        var connectionString = await server.CreateDatabaseAsync("restart_test");
        await ScalarAsync(connectionString, "CREATE TABLE kept (value text); INSERT INTO kept VALUES ('before')");

        await server.StopAsync();
        await server.StartAsync();

        Assert.Equal("before", await ScalarAsync(connectionString, "SELECT value FROM kept"));
    }

    [Fact]
    public async Task a_killed_server_refuses_connections_until_restarted()
    {
        // Durable: with asynchronous commit a SIGKILL may lose the last commit.
        await using var server = new PostgresServer(durable: true);
        await server.StartAsync();
        var connectionString = await server.CreateDatabaseAsync("kill_test");
        await ScalarAsync(connectionString, "CREATE TABLE kept (value text); INSERT INTO kept VALUES ('committed')");

        await server.KillAsync();

        NpgsqlConnection.ClearAllPools();
        var refused = await Assert.ThrowsAsync<NpgsqlException>(() => ScalarAsync(connectionString, "SELECT 1"));
        Assert.IsType<SocketException>(refused.InnerException);
        await server.StartAsync();
        Assert.Equal("committed", await ScalarAsync(connectionString, "SELECT value FROM kept"));
    }

    [Fact]
    public async Task two_servers_get_different_ports_and_directories()
    {
        await using var first = new PostgresServer();
        await using var second = new PostgresServer();

        Assert.NotEqual(first.Port, second.Port);
        Assert.NotEqual(first.RootDirectory, second.RootDirectory);
    }

    [Fact]
    public async Task disposing_the_server_deletes_its_directory()
    {
        var server = new PostgresServer();
        await server.StartAsync();
        Assert.True(Directory.Exists(server.DataDirectory));

        await server.DisposeAsync();

        Assert.False(Directory.Exists(server.RootDirectory));
    }

    private static async Task<string?> ScalarAsync(string connectionString, string sql)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        return (await command.ExecuteScalarAsync())?.ToString();
    }
}
