using Flux.Storage.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using static Flux.Storage.Tests.TestEvents;

namespace Flux.Storage.Tests;

public sealed class EmbeddedStorageRegistrationTests
{
    [Fact]
    public async Task add_embedded_storage_opens_the_database_at_start_up_and_serves_all_four_stores_from_it()
    {
        using var directory = new TempDataDirectory();
        var dataDirectory = Path.Combine(directory.Path, "data");
        var services = new ServiceCollection().AddLogging().AddEmbeddedStorage(dataDirectory);

        await using (var provider = services.BuildServiceProvider())
        {
            foreach (var hosted in provider.GetServices<IHostedService>())
            {
                await hosted.StartAsync(CancellationToken.None);
            }

            Assert.True(File.Exists(Path.Combine(dataDirectory, EmbeddedStorage.DatabaseFileName)));
            var storage = provider.GetRequiredService<EmbeddedStorage>();
            Assert.Same(storage.Log, provider.GetRequiredService<IEventLog>());
            Assert.Same(storage.Snapshots, provider.GetRequiredService<ISnapshotStore>());
            Assert.Same(storage.Index, provider.GetRequiredService<IEntityIndex>());
            Assert.Same(storage.Namespaces, provider.GetRequiredService<INamespaceStore>());
            await provider.GetRequiredService<IEventLog>().AppendAsync(new AppendBatch([Event("e1", "a")], State("a", """{"x":1}""")));
        }

        using var reopened = new EmbeddedStorage(dataDirectory);
        Assert.Equal(1, await reopened.Log.CountAsync());
        Assert.True((await reopened.Snapshots.LoadAsync("a"))!.Exists);
    }

    [Fact]
    public void a_second_storage_on_the_same_directory_is_refused_until_the_first_is_disposed()
    {
        using var directory = new TempDataDirectory();
        var first = new EmbeddedStorage(directory.Path);

        var refused = Assert.Throws<InvalidOperationException>(() => new EmbeddedStorage(directory.Path));
        first.Dispose();
        using var second = new EmbeddedStorage(directory.Path);

        Assert.Contains("in use", refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void a_database_from_a_newer_schema_is_refused()
    {
        using var directory = new TempDataDirectory();
        new EmbeddedStorage(directory.Path).Dispose();
        using (var connection = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={Path.Combine(directory.Path, EmbeddedStorage.DatabaseFileName)};Pooling=False"))
        {
            connection.Open();
            using var command = connection.CreateCommand();
            command.CommandText = "UPDATE schema_version SET version = version + 1";
            command.ExecuteNonQuery();
        }

        var refused = Assert.Throws<InvalidOperationException>(() => new EmbeddedStorage(directory.Path));
        Assert.Contains("newer", refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task registered_retention_prunes_the_log_when_the_host_starts()
    {
        using var directory = new TempDataDirectory();
        using (var storage = new EmbeddedStorage(directory.Path))
        {
            await storage.Log.AppendAsync(Batch(Event("old", "a", Start), Event("new", "a", DateTimeOffset.UtcNow)));
        }

        var services = new ServiceCollection().AddLogging().AddEmbeddedStorage(directory.Path, new RetentionPolicy(MaxAgeDays: 7, MaxBytes: 0));
        await using var provider = services.BuildServiceProvider();
        var hosted = provider.GetServices<IHostedService>().ToList();
        foreach (var service in hosted)
        {
            await service.StartAsync(CancellationToken.None);
        }

        var log = provider.GetRequiredService<IEventLog>();
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while ((await log.ReadEntityAsync("a", 0).ToListAsync()).Count > 1 && DateTime.UtcNow < deadline)
        {
            await Task.Delay(20);
        }

        Assert.Equal(["new"], (await log.ReadEntityAsync("a", 0).ToListAsync()).Select(e => e.Event.EventId));
        Assert.Equal(2, await log.CountAsync());
        foreach (var service in hosted)
        {
            await service.StopAsync(CancellationToken.None);
        }
    }
}
