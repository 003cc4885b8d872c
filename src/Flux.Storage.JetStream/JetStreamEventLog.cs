// JetStreamEventLog: the cluster profile's event log, one JetStream stream written by the entity grains of
// every silo (docs/architecture.md §1, cluster).
//
// Layout. Each entity's events live on its own subject (EntitySubjects); events naming no entity on one
// subject of their own. One append (one entity's events of one request) is one message (EventMessage), so
// its events are stored atomically; their position is the message's stream sequence, shared by all of them.
//
// Fence. Every append to an entity subject carries ExpectedLastSubjectSequence: the caller's
// AppendBatch.ExpectedLastPosition, or, when the caller does not fence, the last sequence this process knows.
// A stale expectation (err_code 10071) stores nothing: a fenced caller gets AppendFencedException, an
// unfenced one is retried after a reload. So two activations of one entity never interleave (Invariant 5).
//
// Duplicates (G6). Nats-Msg-Id only catches a retry that is byte-for-byte the same message. A retry batched
// differently (one event of an earlier batch of ten, or after the first attempt's outcome was unknown) is
// caught by EntityTail: the event ids this process stored or read for the entity within the duplicate window.
// A tail is loaded from the log when it is missing or when the caller's expected position is not its last
// sequence (another process wrote, a restart, a reload after an unknown outcome): one read of the entity's
// messages within the window, newest first. While the fence holds the tail is exact, so the hot path adds
// no read. An activation's replay that walked back past the window (or to the subject's start: a new entity)
// has read everything a tail holds, so it leaves one and the first append reads nothing either; after a
// replay that stopped at a snapshot inside the window, the first append reads the window. Cost: the ids of
// the window in memory per written or activated entity (tails idle for a window are dropped).
//
// Reading. JetStream 2.10 can only step forward through one subject (direct get next_by_subj), one request per
// message. Each message therefore carries the sequences of the subject's previous 16 messages: a reader
// fetches the last message (last_by_subj), then 16 earlier ones at once, and so on. History (newest first)
// and replay (walked back to the snapshot's position, then returned oldest first) cost one round trip per 16
// messages. tests/Flux.Benchmarks (jetstream-log) measures both against a next_by_subj loop. At most
// MaxReadsInFlight gets are in flight per process: a burst of activations queues here, not at the server.
//
// Count. The stream's last sequence counts messages ever stored (it survives restarts and retention); the
// events beyond one per message are added to a counter in a KV bucket after each multi-event append.
//
// Failures. A request that cannot be sent (the connection is down) fails at once with
// StorageUnavailableException; one that gets no answer within RequestTimeout (2 s) fails with
// AppendOutcomeUnknownException for appends (it may have been stored) and StorageUnavailableException for
// reads. An append in flight when the connection drops fails at once as of unknown outcome: NATS.Net would
// otherwise hold a request begun just as the connection dropped until it reconnects, however long NATS is
// down. The connection reconnects by itself; the log object stays usable.
using System.Buffers;
using System.Globalization;
using System.Runtime.CompilerServices;
using System.Security.Cryptography;
using System.Text;
using Flux.Contract;
using NATS.Client.Core;
using NATS.Client.JetStream;
using NATS.Client.JetStream.Models;
using NATS.Client.KeyValueStore;
using NATS.Net;

namespace Flux.Storage.JetStream;

public sealed class JetStreamEventLog : IEventLog, IAsyncDisposable
{
    private const int WrongLastSequence = 10071;
    private const string ExtraEventsKey = "extra-events";
    private const int UnfencedAttempts = 3;

    private static readonly NatsRawSerializer<byte[]> Raw = NatsRawSerializer<byte[]>.Default;

    private readonly JetStreamOptions _options;
    private readonly RetentionPolicy _retention;
    private readonly IEntityIndexWriter _index;
    private readonly TimeProvider _time;
    private readonly NatsConnection _nats;
    private readonly INatsJSContext _js;
    private readonly EntitySubjects _subjects;
    private readonly Dictionary<string, EntityTail> _tails = new(StringComparer.Ordinal);
    private DateTimeOffset _lastSweep;
    private readonly Lock _counting = new();
    private long _uncounted;
    private TaskCompletionSource? _nextCount;
    private Task? _countWriter;
    private INatsJSStream? _stream;
    private INatsKVStore? _counters;
    private CancellationTokenSource _connectionLost = new();
    private readonly RequestQueue _reads;

    public JetStreamEventLog(JetStreamOptions options, RetentionPolicy retention, IEntityIndexWriter index, TimeProvider? time = null)
    {
        _options = options;
        _retention = retention;
        _index = index;
        _time = time ?? TimeProvider.System;
        _subjects = new EntitySubjects(options.Stream);
        _nats = new NatsConnection(new NatsOpts
        {
            Url = options.Url,
            Name = "flux-event-log",
            RequestTimeout = options.RequestTimeout,
            CommandTimeout = options.RequestTimeout,
            ConnectTimeout = options.RequestTimeout,
            MaxReconnectRetry = -1,
            ReconnectWaitMin = TimeSpan.FromMilliseconds(100),
            ReconnectWaitMax = TimeSpan.FromSeconds(1),
        });
        _js = _nats.CreateJetStreamContext();
        _nats.ConnectionDisconnected += OnDisconnected;
        _lastSweep = _time.GetUtcNow();
        _reads = new RequestQueue(options.MaxReadsInFlight, options.ReadQueueTimeout, $"NATS at {options.Url} is overloaded (reads of the event log are queued)");
    }

    /// <summary>The most direct gets this log ever had in flight at once (at most <see cref="JetStreamOptions.MaxReadsInFlight"/>).</summary>
    internal int MostReadsInFlight => _reads.MostInFlight;

    /// <summary>Cancels the appends begun on the connection that dropped; those begun later get a fresh token.</summary>
    private ValueTask OnDisconnected(object? sender, NatsEventArgs args)
    {
        // Not disposed: an append may still link to it, and a source without a timer needs no disposal.
        Interlocked.Exchange(ref _connectionLost, new CancellationTokenSource()).Cancel();
        return ValueTask.CompletedTask;
    }

    /// <summary>Whether the log's connection to NATS is open (it reconnects by itself).</summary>
    public NatsConnectionState ConnectionState => _nats.ConnectionState;

    /// <summary>The stream configuration the log creates or updates at start.</summary>
    public StreamConfig StreamConfig => new(_options.Stream, [_subjects.All])
    {
        Storage = StreamConfigStorage.File,
        NumReplicas = _options.Replicas,
        DuplicateWindow = _options.DuplicateWindow,
        AllowDirect = true,
        Discard = StreamConfigDiscard.Old,
        MaxAge = _retention.MaxAgeDays > 0 ? TimeSpan.FromDays(_retention.MaxAgeDays) : TimeSpan.Zero,
        MaxBytes = _retention.MaxBytes > 0 ? _retention.MaxBytes : -1,
    };

    /// <summary>
    /// Connects, then creates or updates the stream and the counter bucket, within <see cref="StartTimeout"/>:
    /// creating a file stream (replicated, on a busy server) takes longer than one request.
    /// </summary>
    public async Task StartAsync(CancellationToken cancellationToken = default)
    {
        await ReadingAsync(StartTimeout, async token =>
        {
            await _nats.ConnectAsync().ConfigureAwait(false);
            _stream = await _js.CreateOrUpdateStreamAsync(StreamConfig, token).ConfigureAwait(false);
            _counters = await _nats.CreateKeyValueStoreContext().CreateOrUpdateStoreAsync(
                new NatsKVConfig(_options.Stream + "_COUNTS") { Storage = NatsKVStorageType.File, NumberOfReplicas = _options.Replicas, History = 1 },
                token).ConfigureAwait(false);
            return true;
        }, cancellationToken).ConfigureAwait(false);
    }

    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(15);

    public async Task<IReadOnlyList<AppendResult>> AppendAsync(AppendBatch batch, CancellationToken cancellationToken = default)
    {
        var events = batch.Events;
        if (events.Count == 0)
            return [];
        var entityId = events[0].EntityId;
        if (events.Any(e => e.EntityId != entityId))
            throw new ArgumentException("one append holds the events of one entity", nameof(batch));
        var subject = entityId is null ? _subjects.NoEntity : _subjects.For(entityId)
            ?? throw new ArgumentException($"an entity id must be 1 to {EntityIds.MaxBytes} UTF-8 bytes", nameof(batch));
        var connectionLost = EnsureConnected();

        if (entityId is null)
            return await AppendWithoutEntityAsync(subject, events, connectionLost, cancellationToken).ConfigureAwait(false);

        for (var attempt = 1; ; attempt++)
        {
            var tail = await TailAsync(entityId, subject, batch.ExpectedLastPosition, cancellationToken).ConfigureAwait(false);
            var results = new AppendResult[events.Count];
            List<EventRecord> fresh;
            long expected;
            IReadOnlyList<long> previous;
            lock (tail)
            {
                expected = tail.LastSequence;
                previous = tail.Sequences;
                if (batch.ExpectedLastPosition is { } claimed && claimed != expected)
                    throw new AppendFencedException(entityId, claimed, $"its last position is {expected}");
                fresh = NotYetStored(tail, events, results);
            }

            if (fresh.Count == 0)
                return results;

            PubAckResponse ack;
            try
            {
                ack = await PublishAsync(subject, new EventMessage(previous, entityId, fresh), expected, connectionLost, cancellationToken).ConfigureAwait(false);
            }
            catch (AppendFencedException) when (batch.ExpectedLastPosition is null && attempt < UnfencedAttempts)
            {
                continue; // another process wrote the entity; the caller did not fence, so reload and try again
            }
            catch (Exception e) when (e is AppendFencedException or AppendOutcomeUnknownException)
            {
                Forget(entityId, tail);
                throw;
            }

            var position = (long)ack.Seq;
            var duplicate = ack.Duplicate || results.Any(r => r.Duplicate);
            for (var i = 0; i < results.Length; i++)
                results[i] = results[i] switch
                {
                    { Duplicate: true, Position: 0 } => new AppendResult(position, Duplicate: true), // a repeat within this batch
                    { Duplicate: true } earlier => earlier,
                    _ => new AppendResult(position, ack.Duplicate),
                };
            lock (tail)
            {
                if (!ack.Duplicate && tail.LastSequence == expected)
                    tail.Appended(position, fresh);
                else
                    Forget(entityId, tail);
            }

            if (!ack.Duplicate)
                await CountExtraEventsAsync(fresh.Count - 1, cancellationToken).ConfigureAwait(false);
            if (!duplicate && batch.StateAfter is { } state)
                _index.Enqueue(state with { Position = position });
            return results;
        }
    }

    /// <summary>
    /// The events not yet in the log; the others get a Duplicate result with their stored position. A repeat
    /// within the batch is a duplicate of its first occurrence (position 0 here, filled in once it is stored).
    /// </summary>
    private static List<EventRecord> NotYetStored(EntityTail tail, IReadOnlyList<EventRecord> events, AppendResult[] results)
    {
        var fresh = new List<EventRecord>(events.Count);
        var inBatch = events.Count > 1 ? new HashSet<string>(StringComparer.Ordinal) : null;
        for (var i = 0; i < events.Count; i++)
        {
            if (tail.TryGetPosition(events[i].EventId, out var stored))
                results[i] = new AppendResult(stored, Duplicate: true);
            else if (inBatch is not null && !inBatch.Add(events[i].EventId))
                results[i] = new AppendResult(0, Duplicate: true);
            else
                fresh.Add(events[i]);
        }

        return fresh;
    }

    /// <summary>Events without an entity have no fence and no tail: only an identical retry (Msg-Id) is caught.</summary>
    private async Task<IReadOnlyList<AppendResult>> AppendWithoutEntityAsync(
        string subject, IReadOnlyList<EventRecord> events, CancellationToken connectionLost, CancellationToken cancellationToken)
    {
        var ack = await PublishAsync(subject, new EventMessage([], null, events), expected: null, connectionLost, cancellationToken).ConfigureAwait(false);
        if (!ack.Duplicate)
            await CountExtraEventsAsync(events.Count - 1, cancellationToken).ConfigureAwait(false);
        return [.. events.Select(_ => new AppendResult((long)ack.Seq, ack.Duplicate))];
    }

    private async Task<PubAckResponse> PublishAsync(
        string subject, EventMessage message, long? expected, CancellationToken connectionLost, CancellationToken cancellationToken)
    {
        var opts = new NatsJSPubOpts
        {
            MsgId = MessageId(message),
            ExpectedLastSubjectSequence = (ulong?)expected,
            RetryAttempts = 1,
        };
        var data = message.Encode();
        var headers = new NatsHeaders { [AppendedByHeader] = AppendedBy };
        // The server refuses a message over its max_payload only after the connection sent it; refuse it here instead,
        // naming the room the headers leave.
        if (_nats.ServerInfo is { MaxPayload: > 0 } server
            && server.MaxPayload - opts.MsgId!.Length - AppendedBy.Length - HeaderAllowance is var room && data.Length > room)
            throw new AppendTooLargeException(data.Length, room);
        try
        {
            // NATS.Net bounds the wait for the ack by the connection's RequestTimeout (NatsNoReplyException, below), so
            // an append needs no timer of its own: one per append cost the silo a timer-queue lock under load.
            using var linked = cancellationToken.CanBeCanceled ? CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, connectionLost) : null;
            var ack = await _js.PublishAsync(subject, data, Raw, opts, headers, linked?.Token ?? connectionLost).ConfigureAwait(false);
            if (ack.Error is { } error)
                throw new NatsJSApiException(error); // NATS.Net returns some refusals in the ack rather than throwing
            return ack;
        }
        catch (NatsJSApiException e) when (e.Error.ErrCode == WrongLastSequence)
        {
            throw new AppendFencedException(message.EntityId ?? "", expected ?? 0, e.Error.Description ?? "wrong last sequence");
        }
        catch (OperationCanceledException e) when (connectionLost.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            throw new AppendOutcomeUnknownException("the connection to NATS dropped before the append was acknowledged", e);
        }
        catch (Exception e) when (e is NatsNoReplyException || e is OperationCanceledException && !cancellationToken.IsCancellationRequested)
        {
            throw new AppendOutcomeUnknownException($"NATS did not acknowledge the append within {_options.RequestTimeout.TotalSeconds:0.#} s", e);
        }
        catch (NatsNoRespondersException e)
        {
            // Nothing listened on the subject, so nothing was stored.
            throw new StorageUnavailableException($"no JetStream stream answered on {_options.Url}", e);
        }
        catch (Exception e) when (e is NatsException or TimeoutException && e is not NatsJSApiException)
        {
            throw new AppendOutcomeUnknownException($"the append to NATS was interrupted: {e.Message}", e);
        }
    }

    /// <summary>Room for the headers beside the message id (expected sequence, header framing).</summary>
    private const int HeaderAllowance = 256;

    /// <summary>
    /// Which process stored a message (host name and process id; a pod's name in Kubernetes). Nothing in Flux reads
    /// it back: it is for operators and audits, and lets the chaos checker prove that a silo declared dead appended
    /// nothing (docs/architecture.md §4, a zombie silo).
    /// </summary>
    internal const string AppendedByHeader = "Flux-Appended-By";

    internal static readonly string AppendedBy = $"{Environment.MachineName}/{Environment.ProcessId}";

    /// <summary>The same events of the same entity always get the same id, so an identical retry is caught by the stream.</summary>
    private static string MessageId(EventMessage message)
    {
        var length = Encoding.UTF8.GetMaxByteCount((message.EntityId?.Length ?? 0) + message.Events.Sum(e => e.EventId.Length + 1));
        var buffer = ArrayPool<byte>.Shared.Rent(length);
        try
        {
            var written = message.EntityId is null ? 0 : Encoding.UTF8.GetBytes(message.EntityId, buffer);
            foreach (var e in message.Events)
            {
                buffer[written++] = (byte)'\n';
                written += Encoding.UTF8.GetBytes(e.EventId, buffer.AsSpan(written));
            }

            Span<byte> hash = stackalloc byte[SHA256.HashSizeInBytes];
            SHA256.HashData(buffer.AsSpan(0, written), hash);
            return Convert.ToBase64String(hash);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    /// <summary>
    /// The entity's tail: the one this process holds when it is current for <paramref name="expected"/>
    /// (or the caller does not fence), else read from the log.
    /// </summary>
    private async Task<EntityTail> TailAsync(string entityId, string subject, long? expected, CancellationToken cancellationToken)
    {
        var now = _time.GetUtcNow();
        EntityTail? tail;
        lock (_tails)
        {
            SweepIdleTails(now);
            _tails.TryGetValue(entityId, out tail);
        }

        if (tail is not null)
        {
            lock (tail)
            {
                if (expected is null || expected == tail.LastSequence)
                {
                    tail.LastUsed = now;
                    tail.Prune(now - _options.DuplicateWindow);
                    return tail;
                }
            }
        }

        tail = await LoadTailAsync(subject, now, cancellationToken).ConfigureAwait(false);
        lock (_tails)
            _tails[entityId] = tail;
        return tail;
    }

    /// <summary>Reads the entity's messages of the duplicate window, newest first, into a fresh tail.</summary>
    private async Task<EntityTail> LoadTailAsync(string subject, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var cutoff = now - _options.DuplicateWindow;
        var recent = new List<StoredMessage>();
        await foreach (var stored in NewestFirstAsync(subject, cancellationToken).ConfigureAwait(false))
        {
            recent.Add(stored);
            if (stored.Message.Events[^1].AcceptedAt < cutoff)
                break;
        }

        return TailOf(recent, now);
    }

    /// <summary>
    /// The tail of a subject from its newest messages, newest first: every message of the duplicate window, and then
    /// at most one more (the walk's end), or all there is.
    /// </summary>
    private EntityTail TailOf(IReadOnlyList<StoredMessage> recent, DateTimeOffset now)
    {
        if (recent.Count == 0)
            return new EntityTail(0, []) { LastUsed = now };
        var cutoff = now - _options.DuplicateWindow;
        var tail = new EntityTail(recent[0].Sequence, [recent[0].Sequence, .. recent[0].Message.Previous.Take(EntityTail.BackLinks - 1)]) { LastUsed = now };
        for (var m = recent.Count - 1; m >= 0; m--)
            foreach (var e in recent[m].Message.Events)
                if (e.AcceptedAt >= cutoff)
                    tail.Remember(recent[m].Sequence, e);
        return tail;
    }

    /// <summary>
    /// Keeps a tail read from the log, unless this process already holds one as far along: the replay of an
    /// activation leaves one, so the entity's first append needs no read of its own. Never holds the table's lock
    /// and a tail's at once (an append holds its tail's, then the table's, to forget it). A tail replaced by an
    /// older one is still exact as of its sequence; the caller's expected position decides which is used.
    /// </summary>
    private void Keep(string entityId, EntityTail tail)
    {
        EntityTail? held;
        lock (_tails)
        {
            SweepIdleTails(tail.LastUsed);
            _tails.TryGetValue(entityId, out held);
        }

        if (held is not null)
            lock (held)
                if (held.LastSequence >= tail.LastSequence)
                    return;

        lock (_tails)
            if (!_tails.TryGetValue(entityId, out var current) || ReferenceEquals(current, held))
                _tails[entityId] = tail;
    }

    private void Forget(string entityId, EntityTail tail)
    {
        lock (_tails)
            if (_tails.TryGetValue(entityId, out var held) && ReferenceEquals(held, tail))
                _tails.Remove(entityId);
    }

    /// <summary>Once per duplicate window, drops the tails of entities not written for a window: their ids have all expired.</summary>
    private void SweepIdleTails(DateTimeOffset now)
    {
        if (now - _lastSweep < _options.DuplicateWindow)
            return;
        _lastSweep = now;
        foreach (var (entityId, tail) in _tails.ToList())
            if (tail.LastUsed < now - _options.DuplicateWindow)
                _tails.Remove(entityId);
    }

    public async IAsyncEnumerable<StoredEvent> ReadEntityAsync(
        string entityId, long afterPosition, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        // Walked back to afterPosition, then returned oldest first; the grain replays only what follows its snapshot.
        var now = _time.GetUtcNow();
        var newer = new List<StoredMessage>();
        StoredMessage? reached = null;
        await foreach (var stored in NewestFirstAsync(_subjects.For(entityId), cancellationToken).ConfigureAwait(false))
        {
            if (stored.Sequence <= afterPosition)
            {
                reached = stored;
                break;
            }
            newer.Add(stored);
        }

        // A walk that reached the subject's start, or a message older than the duplicate window, read everything the
        // entity's tail holds: keep it, and the entity's first append skips its own read (a new entity's above all).
        if (reached is null || reached.Message.Events[^1].AcceptedAt < now - _options.DuplicateWindow)
            Keep(entityId, TailOf(reached is null ? newer : [.. newer, reached], now));

        for (var m = newer.Count - 1; m >= 0; m--)
            foreach (var e in newer[m].Message.Events)
                yield return new StoredEvent(newer[m].Sequence, e);
    }

    /// <summary>
    /// Asks the stream's leader, not a replica through a direct get: a replica may not yet hold the newest
    /// acknowledged append, and this answer must.
    /// </summary>
    public async ValueTask<long?> SharedLastPositionAsync(string entityId, CancellationToken cancellationToken = default)
    {
        if (_subjects.For(entityId) is not { } subject)
            return 0;
        EnsureConnected();
        return await _reads.RunAsync(() => ReadingAsync<long?>(async token =>
        {
            try
            {
                var last = await Stream.GetAsync(new StreamMsgGetRequest { LastBySubj = subject }, token).ConfigureAwait(false);
                return (long)last.Message.Seq;
            }
            catch (NatsJSApiException e) when (e.Error.Code == 404)
            {
                return 0;
            }
        }, cancellationToken), cancellationToken).ConfigureAwait(false);
    }

    public async Task<IReadOnlyList<StoredEvent>> ReadHistoryAsync(string entityId, DateTimeOffset since, int limit, CancellationToken cancellationToken = default)
    {
        var history = new List<StoredEvent>();
        if (limit <= 0)
            return history;
        // Acceptance times only grow along one entity's events, so the first one before since ends the walk.
        await foreach (var stored in NewestFirstAsync(_subjects.For(entityId), cancellationToken).ConfigureAwait(false))
        {
            for (var i = stored.Message.Events.Count - 1; i >= 0; i--)
            {
                var e = stored.Message.Events[i];
                if (e.AcceptedAt < since)
                    return history;
                history.Add(new StoredEvent(stored.Sequence, e));
                if (history.Count == limit)
                    return history;
            }
        }

        return history;
    }

    public async Task<long> CountAsync(CancellationToken cancellationToken = default)
    {
        EnsureConnected();
        return await ReadingAsync(async token =>
        {
            var info = await _js.GetStreamAsync(_options.Stream, cancellationToken: token).ConfigureAwait(false);
            return (long)info.Info.State.LastSeq + (await ExtraEventsAsync(token).ConfigureAwait(false)).Count;
        }, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Adds the events beyond the first of a message to the durable counter before the append is answered. Appends
    /// arriving while a counter update is under way are added together by the next one (one writer per process, so
    /// concurrent appends do not fight over the key). Runs after the event is stored: if counting fails the append
    /// is reported as of unknown outcome, so the caller reloads.
    /// </summary>
    private async Task CountExtraEventsAsync(int extra, CancellationToken cancellationToken)
    {
        if (extra <= 0)
            return;
        Task counted;
        lock (_counting)
        {
            _uncounted += extra;
            _nextCount ??= new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            counted = _nextCount.Task;
            _countWriter ??= WriteCountsAsync();
        }

        try
        {
            await counted.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (StorageUnavailableException e)
        {
            throw new AppendOutcomeUnknownException("the append was stored but its events were not counted", e);
        }
    }

    private async Task WriteCountsAsync()
    {
        await Task.Yield();
        while (true)
        {
            long extra;
            TaskCompletionSource done;
            lock (_counting)
            {
                if (_nextCount is null)
                {
                    _countWriter = null;
                    return;
                }
                (extra, done, _uncounted, _nextCount) = (_uncounted, _nextCount, 0, null);
            }

            try
            {
                await AddToCounterAsync(extra).ConfigureAwait(false);
                done.SetResult();
            }
            catch (Exception e)
            {
                done.SetException(e);
            }
        }
    }

    private Task AddToCounterAsync(long extra) => ReadingAsync(async token =>
    {
        while (true)
        {
            var (count, revision) = await ExtraEventsAsync(token).ConfigureAwait(false);
            try
            {
                var value = (count + extra).ToString(CultureInfo.InvariantCulture);
                if (revision == 0)
                    await Counters.CreateAsync(ExtraEventsKey, value, cancellationToken: token).ConfigureAwait(false);
                else
                    await Counters.UpdateAsync(ExtraEventsKey, value, revision, cancellationToken: token).ConfigureAwait(false);
                return true;
            }
            catch (Exception e) when (e is NatsKVWrongLastRevisionException or NatsKVCreateException)
            {
                // Another process counted at the same time: read again.
            }
        }
    }, CancellationToken.None);

    private async Task<(long Count, ulong Revision)> ExtraEventsAsync(CancellationToken token)
    {
        try
        {
            var entry = await Counters.GetEntryAsync<string>(ExtraEventsKey, cancellationToken: token).ConfigureAwait(false);
            return (long.Parse(entry.Value!, CultureInfo.InvariantCulture), entry.Revision);
        }
        catch (NatsKVKeyNotFoundException)
        {
            return (0, 0);
        }
    }

    private INatsKVStore Counters => _counters ?? throw new InvalidOperationException("the event log was not started");

    private INatsJSStream Stream => _stream ?? throw new InvalidOperationException("the event log was not started");

    /// <summary>
    /// The subject's messages newest first, following each message's back-links a batch at a time. Stops at the
    /// first missing message: retention removes the oldest first, so everything before it is gone too.
    /// </summary>
    /// <summary>A subject's messages, newest first; none for an id no event can name (a null subject).</summary>
    private async IAsyncEnumerable<StoredMessage> NewestFirstAsync(string? subject, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        if (subject is null)
            yield break;
        EnsureConnected();
        var newest = await GetAsync(new StreamMsgGetRequest { LastBySubj = subject }, cancellationToken).ConfigureAwait(false);
        if (newest is null)
            yield break;
        yield return newest;
        var earlier = newest.Message.Previous;
        while (earlier.Count > 0)
        {
            var batch = await Task.WhenAll(earlier.Select(sequence => GetAsync(new StreamMsgGetRequest { Seq = (ulong)sequence }, cancellationToken))).ConfigureAwait(false);
            foreach (var stored in batch)
            {
                if (stored is null)
                    yield break;
                yield return stored;
            }

            earlier = batch[^1]!.Message.Previous;
        }
    }

    /// <summary>One message by direct get; null when there is none (404).</summary>
    private Task<StoredMessage?> GetAsync(StreamMsgGetRequest request, CancellationToken cancellationToken) =>
        _reads.RunAsync(() => ReadingAsync(async token =>
        {
            var msg = await Stream.GetDirectAsync(request, Raw, token).ConfigureAwait(false);
            if (msg.Headers is { Code: 404 })
                return null;
            if (msg.Headers is not { } headers || headers.Code >= 300 || msg.Data is null
                || !headers.TryGetValue("Nats-Sequence", out var sequence))
                throw new StorageUnavailableException($"NATS answered a direct get with {msg.Headers?.Code} {msg.Headers?.MessageText}");
            return new StoredMessage(long.Parse(sequence.ToString(), CultureInfo.InvariantCulture), EventMessage.Decode(msg.Data));
        }, cancellationToken), cancellationToken);

    /// <summary>Runs one request under the request timeout; any failure to get an answer is StorageUnavailableException.</summary>
    private Task<T> ReadingAsync<T>(Func<CancellationToken, Task<T>> request, CancellationToken cancellationToken) =>
        ReadingAsync(_options.RequestTimeout, request, cancellationToken);

    private async Task<T> ReadingAsync<T>(TimeSpan bound, Func<CancellationToken, Task<T>> request, CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(bound);
        try
        {
            return await request(timeout.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException e) when (!cancellationToken.IsCancellationRequested)
        {
            throw new StorageUnavailableException($"NATS at {_options.Url} did not answer within {bound.TotalSeconds:0.#} s", e);
        }
        catch (Exception e) when (e is NatsException or TimeoutException)
        {
            throw new StorageUnavailableException($"NATS at {_options.Url} is unavailable: {e.Message}", e);
        }
    }

    /// <summary>
    /// Fails at once, sending nothing, while the connection is down (it reconnects by itself); else returns the
    /// token cancelled when this connection drops. Taken before the state is read, so a drop in between cancels it.
    /// </summary>
    private CancellationToken EnsureConnected()
    {
        var connectionLost = _connectionLost.Token;
        if (_nats.ConnectionState != NatsConnectionState.Open)
            throw new StorageUnavailableException($"NATS at {_options.Url} is not connected ({_nats.ConnectionState})");
        return connectionLost;
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            await _nats.DisposeAsync().ConfigureAwait(false);
        }
        catch (NatsTimeoutException)
        {
            // Closing while reconnecting times out flushing what is buffered; those appends already failed as unknown.
        }
    }

    private sealed record StoredMessage(long Sequence, EventMessage Message);
}
