using Microsoft.Data.Sqlite;
using SQLitePCL;

namespace Flux.Storage.Sqlite;

/// <summary>
/// Keeps the WAL short without stalling commits. SQLite's automatic checkpoint would copy the WAL
/// into the database file inside a commit, while every appender waits. Instead this thread runs PASSIVE
/// checkpoints on its own connection, beside the writer, which copy the bulk of the frames.
///
/// A checkpoint running beside a busy writer never catches up with the last frames, and SQLite only
/// rewinds the WAL to its start once every frame is copied; otherwise the WAL grows for ever and, as it
/// grows, each commit's fsync must also flush the file's new size (measured: ~2 ms instead of ~0.3 ms
/// per fsync here). So once the WAL passes <see cref="RewindFrames"/> frames, this asks the writer to
/// run one more PASSIVE checkpoint itself between two groups: only the few frames not yet copied are
/// left, and the writer's next transaction rewinds the WAL.
/// </summary>
internal sealed class WalCheckpointer : IDisposable
{
    public const int RewindFrames = 16384;

    private static readonly TimeSpan Interval = TimeSpan.FromMilliseconds(500);

    private readonly SqliteConnection _connection;
    private readonly Action _requestWriterCheckpoint;
    private readonly ManualResetEventSlim _stop = new();
    private readonly Thread _thread;

    public WalCheckpointer(string connectionString, Action requestWriterCheckpoint)
    {
        _requestWriterCheckpoint = requestWriterCheckpoint;
        _connection = new SqliteConnection(connectionString);
        _connection.Open();
        using (var mode = _connection.CreateCommand())
        {
            // Also makes the connection read the database, without which it does not know it is in WAL mode
            // and every checkpoint would silently do nothing.
            mode.CommandText = "PRAGMA journal_mode";
            if (!string.Equals((string?)mode.ExecuteScalar(), "wal", StringComparison.OrdinalIgnoreCase))
            {
                throw new InvalidOperationException("The database is not in WAL mode.");
            }
        }

        _thread = new Thread(Run) { IsBackground = true, Name = "Flux SQLite checkpoint" };
        _thread.Start();
    }

    public void Dispose()
    {
        _stop.Set();
        _thread.Join();
        _connection.Dispose();
        _stop.Dispose();
    }

    private void Run()
    {
        while (!_stop.Wait(Interval))
        {
            // Busy or interrupted: the next round catches up; the WAL only grows meanwhile.
            var rc = raw.sqlite3_wal_checkpoint_v2(_connection.Handle, null, raw.SQLITE_CHECKPOINT_PASSIVE, out var frames, out _);
            if (rc == raw.SQLITE_OK && frames >= RewindFrames)
            {
                _requestWriterCheckpoint();
            }
        }
    }
}
