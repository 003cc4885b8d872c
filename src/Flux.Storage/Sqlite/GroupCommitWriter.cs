using System.Diagnostics;
using Microsoft.Extensions.Logging;

namespace Flux.Storage.Sqlite;

/// <summary>
/// Group commit: one thread owns the write connection and loops: take everything queued, apply it in
/// one transaction (appends first, as multi-row inserts, then other writes in arrival order), commit
/// (one fsync for the whole group), then complete the requests in queue order — which is log order, so
/// OnCommitted callbacks see changes in log order. Under load the queue refills while a commit is
/// fsyncing, so groups grow with the load and the cost per event falls.
///
/// If anything in the group fails, the transaction rolls back, every request of the group fails with
/// that exception, and the connection is reopened for the next group (so no half-applied statement or
/// stale in-memory counter survives). Once a request is queued it is written or failed; cancellation is
/// only honoured before that.
/// </summary>
internal sealed partial class GroupCommitWriter : IDisposable
{
    private readonly Func<WriterConnection> open;
    private readonly StorageMetrics metrics;
    private readonly ILogger logger;
    private readonly object gate = new();
    private readonly Thread thread;
    private readonly List<AppendRequest> appends = [];
    private List<WriteRequest> queue = [];
    private List<WriteRequest> group = [];
    private WriterConnection? connection;
    private bool stopping;
    private int checkpointRequested;
    private long committedPosition;
    private long committedBytes;
    private long commits;
    private long commitTicks;

    public GroupCommitWriter(Func<WriterConnection> open, StorageMetrics metrics, ILogger logger)
    {
        this.open = open;
        this.metrics = metrics;
        this.logger = logger;
        connection = open();
        committedPosition = connection.LastPosition;
        committedBytes = connection.EventBytes;
        thread = new Thread(Run) { IsBackground = true, Name = "Flux SQLite writer" };
        thread.Start();
    }

    /// <summary>The position of the last committed event: how many events were ever accepted.</summary>
    public long CommittedPosition => Volatile.Read(ref committedPosition);

    /// <summary>Groups committed so far, and the time spent in them (from BEGIN to after COMMIT).</summary>
    public (long Commits, TimeSpan Busy) CommitStatistics => (Volatile.Read(ref commits), TimeSpan.FromTicks(Volatile.Read(ref commitTicks)));

    /// <summary>Total envelope bytes of the events in the log as of the last commit.</summary>
    public long EventBytes => Volatile.Read(ref committedBytes);

    /// <summary>Asks the writer to checkpoint between two groups (see <see cref="WalCheckpointer"/>).</summary>
    public void RequestCheckpoint() => Volatile.Write(ref checkpointRequested, 1);

    public void Enqueue(WriteRequest request)
    {
        lock (gate)
        {
            ObjectDisposedException.ThrowIf(stopping, this);
            queue.Add(request);
            if (queue.Count == 1)
            {
                Monitor.Pulse(gate);
            }
        }
    }

    /// <summary>Commits what is queued, then stops the thread and closes the connection.</summary>
    public void Dispose()
    {
        lock (gate)
        {
            if (stopping)
            {
                return;
            }

            stopping = true;
            Monitor.Pulse(gate);
        }

        thread.Join();
        connection?.Dispose();
        connection = null;
    }

    private void Run()
    {
        while (true)
        {
            lock (gate)
            {
                while (queue.Count == 0 && !stopping)
                {
                    Monitor.Wait(gate);
                }

                if (queue.Count == 0)
                {
                    return;
                }

                (queue, group) = (group, queue);
            }

            CommitGroup();
            if (Interlocked.Exchange(ref checkpointRequested, 0) == 1)
            {
                Checkpoint();
            }
            group.Clear();
            appends.Clear();
        }
    }

    /// <summary>Commits the group and completes its requests.</summary>
    private void CommitGroup()
    {
        WriterConnection current;
        var started = Stopwatch.GetTimestamp();
        try
        {
            current = connection ??= open();
            current.Begin();
            foreach (var request in group)
            {
                if (request is AppendRequest append)
                {
                    appends.Add(append);
                }
            }

            current.Append(appends);
            foreach (var request in group)
            {
                if (request is WriteCommand command)
                {
                    command.Apply(current);
                }
            }

            current.Commit();
        }
        catch (Exception exception)
        {
            LogCommitFailed(logger, exception, group.Count);
            connection?.Dispose();
            connection = null;
            foreach (var request in group)
            {
                request.Fail(exception);
            }

            return;
        }

        var elapsed = Stopwatch.GetElapsedTime(started);
        metrics.Committed(elapsed, current.LastPosition - CommittedPosition);
        Volatile.Write(ref commitTicks, commitTicks + elapsed.Ticks);
        Volatile.Write(ref commits, commits + 1);
        Volatile.Write(ref committedPosition, current.LastPosition);
        Volatile.Write(ref committedBytes, current.EventBytes);
        foreach (var request in group)
        {
            try
            {
                request.Complete();
            }
            catch (Exception exception)
            {
                LogCallbackFailed(logger, exception);
            }
        }
    }

    private void Checkpoint()
    {
        try
        {
            connection?.Checkpoint();
        }
        catch (Exception exception)
        {
            LogCheckpointFailed(logger, exception);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "A checkpoint on the writer failed; the WAL keeps growing until one succeeds")]
    private static partial void LogCheckpointFailed(ILogger logger, Exception exception);

    [LoggerMessage(Level = LogLevel.Error, Message = "A group commit of {RequestCount} writes failed; all of them were rolled back")]
    private static partial void LogCommitFailed(ILogger logger, Exception exception, int requestCount);

    [LoggerMessage(Level = LogLevel.Error, Message = "An OnCommitted callback threw after its events were committed")]
    private static partial void LogCallbackFailed(ILogger logger, Exception exception);
}
