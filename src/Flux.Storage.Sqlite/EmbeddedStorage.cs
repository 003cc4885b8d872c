using System.Diagnostics.Metrics;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Flux.Storage.Sqlite;

/// <summary>
/// The embedded storage profile: one SQLite database file (<c>flux.db</c>, WAL, synchronous=FULL) in a
/// data directory, holding the event log, entity rows (snapshot and index in one), namespaces and connector credentials.
/// All writes go through one group-commit writer; reads use their own pooled connections, which WAL lets
/// run beside the writer without waiting for it. Opening applies schema migrations.
/// </summary>
public sealed class EmbeddedStorage : IDisposable
{
    public const string DatabaseFileName = "flux.db";

    private readonly string _readConnectionString;
    private readonly WalCheckpointer _checkpointer;
    private readonly StorageMetrics _metrics;
    private readonly DataDirectoryLock _directoryLock;

    /// <summary>The changes of stored events, announced after each commit in log order.</summary>
    public ChangeStream Changes { get; } = new();

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
        _readConnectionString = new SqliteConnectionStringBuilder
        {
            DataSource = DatabasePath,
            Mode = SqliteOpenMode.ReadOnly,
            Pooling = true,
        }.ToString();

        _directoryLock = new DataDirectoryLock(dataDirectory);
        _metrics = new StorageMetrics(meterFactory);
        try
        {
            Writer = new GroupCommitWriter(
                () => WriterConnection.Open(writeConnectionString),
                _metrics,
                (ILogger?)logger ?? NullLogger.Instance);
        }
        catch
        {
            _metrics.Dispose();
            _directoryLock.Dispose();
            throw;
        }

        try
        {
            _checkpointer = new WalCheckpointer(writeConnectionString, Writer.RequestCheckpoint);
        }
        catch
        {
            Writer.Dispose();
            _metrics.Dispose();
            _directoryLock.Dispose();
            throw;
        }

        Log = new SqliteEventLog(this, timeProvider ?? TimeProvider.System);
        Snapshots = new SqliteSnapshotStore(this);
        Index = new SqliteEntityIndex(this);
        Namespaces = new SqliteNamespaceStore(this);
        Credentials = new SqliteCredentialStore(this, timeProvider ?? TimeProvider.System);
    }

    public string DatabasePath { get; }

    public SqliteEventLog Log { get; }

    public SqliteSnapshotStore Snapshots { get; }

    public SqliteEntityIndex Index { get; }

    public SqliteNamespaceStore Namespaces { get; }

    public SqliteCredentialStore Credentials { get; }

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
        var connection = new SqliteConnection(_readConnectionString);
        connection.Open();
        return connection;
    }

    /// <summary>Commits what is queued and closes every connection to the file.</summary>
    public void Dispose()
    {
        Writer.Dispose();
        _checkpointer.Dispose();
        using var pooled = new SqliteConnection(_readConnectionString);
        SqliteConnection.ClearPool(pooled);
        _metrics.Dispose();
        _directoryLock.Dispose();
    }
}
