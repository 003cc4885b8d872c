using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Flux.Storage.Postgres;

/// <summary>
/// Writes entity states behind the log (contract G3: index lag ≤ 2 s).
///
/// <see cref="Enqueue"/> only puts the state in a dictionary keyed by entity, under a short lock: it never waits
/// for PostgreSQL. A newer state of an entity replaces a queued older one (the highest position wins), so a busy
/// entity costs one row per flush however often it changes. One loop flushes everything queued every
/// <see cref="FlushInterval"/>, or as soon as <see cref="MaxBatch"/> entities wait, in one multi-row upsert per
/// <see cref="MaxBatch"/> rows guarded by position (<see cref="EntityRows"/>), so a late or repeated flush can
/// never move a row backwards.
///
/// If PostgreSQL is down the batch goes back into the queue (merged with anything newer that arrived meanwhile)
/// and the loop tries again on its next tick; nothing is dropped, and memory is bounded by the number of
/// distinct entities changed during the outage. <see cref="Lag"/> is the age of the oldest state not yet
/// written, the figure G3 bounds. <see cref="StopAsync"/> flushes what is queued before it returns.
/// </summary>
public sealed partial class PostgresEntityIndexWriter : IEntityIndexWriter, IAsyncDisposable
{
    public static readonly TimeSpan FlushInterval = TimeSpan.FromMilliseconds(250);
    public const int MaxBatch = 1000;

    private readonly PostgresDatabase _database;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly Lock _gate = new();
    private readonly SemaphoreSlim _wake = new(0);
    private readonly CancellationTokenSource _stopping = new();
    private readonly CancellationTokenSource _abandon = new();
    private Dictionary<string, Waiting> _queued = new(StringComparer.Ordinal);
    private long? _inFlightSince;
    private Task? _loop;
    private bool _disposed;

    public PostgresEntityIndexWriter(PostgresDatabase database, TimeProvider? time = null, ILogger<PostgresEntityIndexWriter>? logger = null)
    {
        _database = database;
        _time = time ?? TimeProvider.System;
        _logger = logger ?? NullLogger<PostgresEntityIndexWriter>.Instance;
    }

    /// <summary>The age of the oldest state handed over and not yet written; zero when everything is written.</summary>
    public TimeSpan Lag
    {
        get
        {
            lock (_gate)
            {
                var oldest = _inFlightSince;
                foreach (var queued in _queued.Values)
                {
                    if (oldest is null || queued.Since < oldest) oldest = queued.Since;
                }

                return oldest is { } since ? _time.GetElapsedTime(since) : TimeSpan.Zero;
            }
        }
    }

    /// <summary>How many entities wait to be written (excluding a batch being written).</summary>
    public int WaitingCount
    {
        get
        {
            lock (_gate) return _queued.Count;
        }
    }

    public void Enqueue(EntitySnapshot state)
    {
        ArgumentNullException.ThrowIfNull(state);
        int count;
        lock (_gate)
        {
            Merge(state, _time.GetTimestamp(), requeued: false);
            count = _queued.Count;
        }

        if (count == MaxBatch) _wake.Release();
    }

    /// <summary>Starts the flush loop.</summary>
    public void Start() => _loop ??= Task.Run(RunAsync);

    /// <summary>
    /// Stops the loop after writing what is queued, retrying while PostgreSQL is down; when
    /// <paramref name="cancellationToken"/> fires it gives up and returns, leaving the rest unwritten (<see cref="WaitingCount"/>).
    /// </summary>
    public async Task StopAsync(CancellationToken cancellationToken = default)
    {
        if (_loop is null || _loop.IsCompleted) return;
        await _stopping.CancelAsync();
        _wake.Release();
        await using (cancellationToken.Register(_abandon.Cancel))
        {
            await _loop;
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_disposed) return;
        _disposed = true;
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        await StopAsync(deadline.Token);
        if (WaitingCount > 0) LogUnwrittenAtStop(_logger, WaitingCount);
        _stopping.Dispose();
        _abandon.Dispose();
        _wake.Dispose();
    }

    private async Task RunAsync()
    {
        while (!_stopping.IsCancellationRequested)
        {
            await _wake.WaitAsync(FlushInterval);
            await FlushAsync();
        }

        while (!await FlushAsync() && !_abandon.IsCancellationRequested)
        {
            await Task.Delay(FlushInterval);
        }
    }

    /// <summary>Writes everything queued; false (the states queued again) if PostgreSQL failed.</summary>
    private async Task<bool> FlushAsync()
    {
        Dictionary<string, Waiting> batch;
        lock (_gate)
        {
            if (_queued.Count == 0) return true;
            batch = _queued;
            _queued = new Dictionary<string, Waiting>(StringComparer.Ordinal);
            _inFlightSince = batch.Values.Min(queued => queued.Since);
        }

        try
        {
            foreach (var chunk in batch.Values.Select(queued => queued.State).Chunk(MaxBatch))
            {
                await _database.RunAsync(async (connection, ct) =>
                {
                    await EntityRows.UpsertAsync(connection, chunk, ct);
                    return true;
                }, CancellationToken.None);
            }

            lock (_gate) _inFlightSince = null;
            return true;
        }
        catch (Exception e)
        {
            // Written chunks are harmless to write again: the upsert is guarded by position.
            LogFlushFailed(_logger, e, batch.Count);
            lock (_gate)
            {
                foreach (var queued in batch.Values) Merge(queued.State, queued.Since, requeued: true);
                _inFlightSince = null;
            }

            return false;
        }
    }

    /// <summary>
    /// Keeps the state with the highest position, at an equal position the one handed over last (a requeued state
    /// is older than any queued since), and the earliest time any state of the entity has waited since.
    /// </summary>
    private void Merge(EntitySnapshot state, long since, bool requeued)
    {
        if (_queued.TryGetValue(state.Id, out var existing))
        {
            var keepExisting = existing.State.Position > state.Position || (requeued && existing.State.Position == state.Position);
            var kept = keepExisting ? existing.State : state;
            _queued[state.Id] = new Waiting(kept, Math.Min(existing.Since, since));
        }
        else
        {
            _queued[state.Id] = new Waiting(state, since);
        }
    }

    private readonly record struct Waiting(EntitySnapshot State, long Since);

    [LoggerMessage(EventId = 1, Level = LogLevel.Warning, Message = "Writing {Count} entity states to PostgreSQL failed; they stay queued and are retried")]
    private static partial void LogFlushFailed(ILogger logger, Exception exception, int count);

    [LoggerMessage(EventId = 2, Level = LogLevel.Error, Message = "Stopped with {Count} entity states not written to PostgreSQL")]
    private static partial void LogUnwrittenAtStop(ILogger logger, int count);
}
