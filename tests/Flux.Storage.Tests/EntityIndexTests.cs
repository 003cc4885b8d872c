using Flux.Storage.Sqlite;
using static Flux.Storage.Tests.TestEvents;

namespace Flux.Storage.Tests;

/// <summary>The index contract on the embedded store, where an entity's row is written in the commit of its events.</summary>
public sealed class EntityIndexTests : EntityIndexContract, IDisposable
{
    private readonly TempDataDirectory _directory = new();
    private readonly EmbeddedStorage _storage;
    private int _sequence;

    public EntityIndexTests() => _storage = new EmbeddedStorage(_directory.Path);

    public void Dispose()
    {
        _storage.Dispose();
        _directory.Dispose();
    }

    protected override IEntityIndex Index => _storage.Index;

    protected override ISnapshotStore Snapshots => _storage.Snapshots;

    protected override Task WriteAsync(string id, string propertiesJson, DateTimeOffset at) =>
        _storage.Log.AppendAsync(new AppendBatch([Event($"event-{Interlocked.Increment(ref _sequence)}", id, at)], State(id, propertiesJson, at)));

    protected override Task DeleteAsync(string id, DateTimeOffset at) =>
        _storage.Log.AppendAsync(new AppendBatch([Event($"delete-{Interlocked.Increment(ref _sequence)}", id, at)], Deleted(id, at)));
}
