using Microsoft.Data.Sqlite;

namespace Flux.Storage.Sqlite;

/// <summary>
/// Copies the WAL back into the database file from its own connection and thread (PASSIVE checkpoints
/// run beside the writer), instead of SQLite's automatic checkpoint, which would run inside a commit and
/// stall every appender waiting on it (measured: 100-event batches went from ~135k to ~270k events/s).
/// </summary>
internal sealed class WalCheckpointer : IDisposable
{
    private static readonly TimeSpan Interval = TimeSpan.FromMilliseconds(200);

    private readonly SqliteConnection connection;
    private readonly ManualResetEventSlim stop = new();
    private readonly Thread thread;

    public WalCheckpointer(string connectionString)
    {
        connection = new SqliteConnection(connectionString);
        connection.Open();
        thread = new Thread(Run) { IsBackground = true, Name = "Flux SQLite checkpoint" };
        thread.Start();
    }

    public void Dispose()
    {
        stop.Set();
        thread.Join();
        connection.Dispose();
        stop.Dispose();
    }

    private void Run()
    {
        using var checkpoint = connection.CreateCommand();
        checkpoint.CommandText = "PRAGMA wal_checkpoint(PASSIVE)";
        while (!stop.Wait(Interval))
        {
            try
            {
                checkpoint.ExecuteNonQuery();
            }
            catch (SqliteException)
            {
                // Busy or interrupted: the next round catches up; the WAL only grows meanwhile.
            }
        }
    }
}
