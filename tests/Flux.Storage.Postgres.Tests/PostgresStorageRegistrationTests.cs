using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace Flux.Storage.Postgres.Tests;

public sealed class PostgresStorageRegistrationTests(PostgresFixture postgres) : IClassFixture<PostgresFixture>
{
    [Fact]
    public async Task the_host_start_migrates_the_database_named_by_flux_postgres_and_its_stop_flushes_the_writer()
    {
        var connectionString = await postgres.CreateDatabaseAsync();
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?> { ["FLUX_POSTGRES"] = connectionString });
        builder.Services.AddPostgresStorage();

        using (var host = builder.Build())
        {
            await host.StartAsync();
            Assert.IsType<PostgresSnapshotStore>(host.Services.GetRequiredService<ISnapshotStore>());
            Assert.IsType<PostgresEntityIndex>(host.Services.GetRequiredService<IEntityIndex>());
            Assert.IsType<PostgresNamespaceStore>(host.Services.GetRequiredService<INamespaceStore>());
            host.Services.GetRequiredService<IEntityIndexWriter>().Enqueue(TestStates.State("written/at-stop", "{}"));
            await host.StopAsync();
        }

        await using var database = new PostgresDatabase(connectionString);
        Assert.Equal(PostgresMigrations.LatestVersion, await PostgresFixture.ScalarAsync<int>(database, "SELECT max(version) FROM flux_schema_migrations"));
        Assert.NotNull(await new PostgresSnapshotStore(database).LoadAsync("written/at-stop"));
    }

    [Theory]
    [InlineData("", "FLUX_POSTGRES is blank")]
    [InlineData("Host=db;Bogus=1;Database=flux", "FLUX_POSTGRES is not an Npgsql connection string")]
    [InlineData("Database=flux", "FLUX_POSTGRES names no Host")]
    [InlineData("Host=db", "FLUX_POSTGRES names no Database")]
    public void a_connection_string_that_cannot_work_is_refused_naming_the_variable(string value, string expected)
    {
        var result = new PostgresStorageOptionsValidator().Validate(null, new PostgresStorageOptions { ConnectionString = value });

        Assert.True(result.Failed);
        Assert.StartsWith(expected, result.FailureMessage, StringComparison.Ordinal);
    }

    [Fact]
    public void a_host_without_flux_postgres_fails_at_start()
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Services.AddPostgresStorage();
        using var host = builder.Build();

        var refused = Assert.Throws<OptionsValidationException>(() => host.Services.GetRequiredService<IOptions<PostgresStorageOptions>>().Value);

        Assert.Contains("FLUX_POSTGRES is blank", refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task the_database_applies_short_timeouts_and_a_small_pool_unless_the_connection_string_sets_them()
    {
        await using var defaults = new PostgresDatabase("Host=db;Database=flux");
        await using var explicitOnes = new PostgresDatabase("Host=db;Database=flux;Timeout=30;Command Timeout=60;Maximum Pool Size=7");

        Assert.Contains($"Timeout={PostgresDatabase.ConnectTimeoutSeconds}", defaults.DataSource.ConnectionString, StringComparison.Ordinal);
        Assert.Contains("Command Timeout=5", defaults.DataSource.ConnectionString, StringComparison.Ordinal);
        Assert.Equal(PostgresDatabase.DefaultPoolSize, defaults.PoolSize);
        Assert.Contains("Timeout=30", explicitOnes.DataSource.ConnectionString, StringComparison.Ordinal);
        Assert.Contains("Command Timeout=60", explicitOnes.DataSource.ConnectionString, StringComparison.Ordinal);
        Assert.Equal(7, explicitOnes.PoolSize);
    }
}
