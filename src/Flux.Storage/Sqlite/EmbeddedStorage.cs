using System.Diagnostics.Metrics;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Flux.Storage.Sqlite;

/// <summary>
/// The embedded storage profile: one SQLite database file (<c>flux.db</c>, WAL, synchronous=FULL) in a
/// data directory, holding the event log, entity rows (snapshot and index in one), and namespaces.
/// All writes go through one group-commit writer; reads use their own pooled connections, which WAL lets
/// run beside the writer without waiting for it. Opening applies schema migrations.
/// </summary>
public sealed class EmbeddedStorage : IDisposable
{
    public const string DatabaseFileName = "flux.db";

    private readonly string readConnectionString;
    private readonly WalCheckpointer checkpointer;
    private readonly StorageMetrics metrics;
    private readonly DataDirectoryLock directoryLock;

    public EmbeddedStorage(
        string dataDirectory, TimeProvider? timeProvider = null, ILogger<EmbeddedStorage>? logger = null, IMeterFactory? meterFactory = null)
    {
        Directory.CreateDirectory(dataDirectory);
        DatabasePath = Path.Combine(Path.GetFullPath(dataDirectory), DatabaseFileName);
        var writeConnectionString = new SqliteConnectionStringBuilder
        {
            DataSource = DatabasePath,
            Mode = SqliteOpenMode.ReadWriteCreate,
            Pooling = false,
        }.ToString();
        readConnectionString = new SqliteConnectionStringBuilder
        {
            DataSource = DatabasePath,
            Mode = SqliteOpenMode.ReadOnly,
            Pooling = true,
        }.ToString();

        directoryLock = new DataDirectoryLock(dataDirectory);
        metrics = new StorageMetrics(meterFactory);
        try
        {
            Writer = new GroupCommitWriter(
                () => WriterConnection.Open(writeConnectionString),
                metrics,
                (ILogger?)logger ?? NullLogger.Instance);
        }
        catch
        {
            metrics.Dispose();
            directoryLock.Dispose();
            throw;
        }

        try
        {
            checkpointer = new WalCheckpointer(writeConnectionString, Writer.RequestCheckpoint);
        }
        catch
        {
            Writer.Dispose();
            metrics.Dispose();
            directoryLock.Dispose();
            throw;
        }

        Log = new SqliteEventLog(this, timeProvider ?? TimeProvider.System);
        Snapshots = new SqliteSnapshotStore(this);
        Index = new SqliteEntityIndex(this);
        Namespaces = new SqliteNamespaceStore(this);
    }

    public string DatabasePath { get; }

    public SqliteEventLog Log { get; }

    public SqliteSnapshotStore Snapshots { get; }

    public SqliteEntityIndex Index { get; }

    public SqliteNamespaceStore Namespaces { get; }

    internal GroupCommitWriter Writer { get; }

    /// <summary>Queues a write for the next group commit and completes when it is durable.</summary>
    internal Task<T> WriteAsync<T>(Func<WriterConnection, T> apply, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var command = new WriteCommand<T>(apply);
        Writer.Enqueue(command);
        return command.Task;
    }

    /// <summary>A read-only connection from the pool; dispose it to return it.</summary>
    internal SqliteConnection OpenReader()
    {
        var connection = new SqliteConnection(readConnectionString);
        connection.Open();
        return connection;
    }

    /// <summary>Commits what is queued and closes every connection to the file.</summary>
    public void Dispose()
    {
        Writer.Dispose();
        checkpointer.Dispose();
        using var pooled = new SqliteConnection(readConnectionString);
        SqliteConnection.ClearPool(pooled);
        metrics.Dispose();
        directoryLock.Dispose();
    }
}
