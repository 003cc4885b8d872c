using System.Diagnostics;
using Microsoft.Extensions.Logging;

namespace Flux.Storage.Sqlite;

/// <summary>
/// Group commit: one thread owns the write connection and loops: take everything queued, apply it in
/// one transaction (appends first, as multi-row inserts, then other writes in arrival order), commit
/// (one fsync for the whole group), then complete the requests in queue order — which is log order, so
/// changes are announced in log order. Under load the queue refills while a commit is
/// fsyncing, so groups grow with the load and the cost per event falls.
///
/// If anything in the group fails, the transaction rolls back, every request of the group fails with
/// that exception, and the connection is reopened for the next group (so no half-applied statement or
/// stale in-memory counter survives). Once a request is queued it is written or failed; cancellation is
/// only honoured before that.
/// </summary>
internal sealed partial class GroupCommitWriter : IDisposable
{
    private readonly Func<WriterConnection> _open;
    private readonly StorageMetrics _metrics;
    private readonly ILogger _logger;
    private readonly object _gate = new();
    private readonly Thread _thread;
    private readonly List<AppendRequest> _appends = [];
    private List<WriteRequest> _queue = [];
    private List<WriteRequest> _group = [];
    private WriterConnection? _connection;
    private bool _stopping;
    private int _checkpointRequested;
    private long _committedPosition;
    private long _committedBytes;
    private long _commits;
    private long _commitTicks;

    public GroupCommitWriter(Func<WriterConnection> open, StorageMetrics metrics, ILogger logger)
    {
        _open = open;
        _metrics = metrics;
        _logger = logger;
        _connection = open();
        _committedPosition = _connection.LastPosition;
        _committedBytes = _connection.EventBytes;
        _thread = new Thread(Run) { IsBackground = true, Name = "Flux SQLite writer" };
        _thread.Start();
    }

    /// <summary>The position of the last committed event: how many events were ever accepted.</summary>
    public long CommittedPosition => Volatile.Read(ref _committedPosition);

    /// <summary>Groups committed so far, and the time spent in them (from BEGIN to after COMMIT).</summary>
    public (long Commits, TimeSpan Busy) CommitStatistics => (Volatile.Read(ref _commits), TimeSpan.FromTicks(Volatile.Read(ref _commitTicks)));

    /// <summary>Total envelope bytes of the events in the log as of the last commit.</summary>
    public long EventBytes => Volatile.Read(ref _committedBytes);

    /// <summary>Asks the writer to checkpoint between two groups (see <see cref="WalCheckpointer"/>).</summary>
    public void RequestCheckpoint() => Volatile.Write(ref _checkpointRequested, 1);

    public void Enqueue(WriteRequest request)
    {
        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_stopping, this);
            _queue.Add(request);
            if (_queue.Count == 1)
            {
                Monitor.Pulse(_gate);
            }
        }
    }

    /// <summary>Commits what is queued, then stops the thread and closes the connection.</summary>
    public void Dispose()
    {
        lock (_gate)
        {
            if (_stopping)
            {
                return;
            }

            _stopping = true;
            Monitor.Pulse(_gate);
        }

        _thread.Join();
        _connection?.Dispose();
        _connection = null;
    }

    private void Run()
    {
        while (true)
        {
            lock (_gate)
            {
                while (_queue.Count == 0 && !_stopping)
                {
                    Monitor.Wait(_gate);
                }

                if (_queue.Count == 0)
                {
                    return;
                }

                (_queue, _group) = (_group, _queue);
            }

            CommitGroup();
            if (Interlocked.Exchange(ref _checkpointRequested, 0) == 1)
            {
                Checkpoint();
            }
            _group.Clear();
            _appends.Clear();
        }
    }

    /// <summary>Commits the group and completes its requests.</summary>
    private void CommitGroup()
    {
        WriterConnection current;
        var started = Stopwatch.GetTimestamp();
        try
        {
            current = _connection ??= _open();
            current.Begin();
            foreach (var request in _group)
            {
                if (request is AppendRequest append)
                {
                    _appends.Add(append);
                }
            }

            current.Append(_appends);
            foreach (var request in _group)
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
            LogCommitFailed(_logger, exception, _group.Count);
            _connection?.Dispose();
            _connection = null;
            foreach (var request in _group)
            {
                request.Fail(exception);
            }

            return;
        }

        var elapsed = Stopwatch.GetElapsedTime(started);
        _metrics.Committed(elapsed, current.LastPosition - CommittedPosition);
        Volatile.Write(ref _commitTicks, _commitTicks + elapsed.Ticks);
        Volatile.Write(ref _commits, _commits + 1);
        Volatile.Write(ref _committedPosition, current.LastPosition);
        Volatile.Write(ref _committedBytes, current.EventBytes);
        foreach (var request in _group)
        {
            try
            {
                request.Complete();
            }
            catch (Exception exception)
            {
                LogCallbackFailed(_logger, exception);
            }
        }
    }

    private void Checkpoint()
    {
        try
        {
            _connection?.Checkpoint();
        }
        catch (Exception exception)
        {
            LogCheckpointFailed(_logger, exception);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "A checkpoint on the writer failed; the WAL keeps growing until one succeeds")]
    private static partial void LogCheckpointFailed(ILogger logger, Exception exception);

    [LoggerMessage(Level = LogLevel.Error, Message = "A group commit of {RequestCount} writes failed; all of them were rolled back")]
    private static partial void LogCommitFailed(ILogger logger, Exception exception, int requestCount);

    [LoggerMessage(Level = LogLevel.Error, Message = "Completing a write threw after it was committed")]
    private static partial void LogCallbackFailed(ILogger logger, Exception exception);
}
