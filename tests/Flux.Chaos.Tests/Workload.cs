using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Text;
using System.Text.Json;
using Flux.Testing;

namespace Flux.Chaos.Tests;

/// <summary>
/// Clients of a cluster recording what they did and saw: on each entity several writers, each setting the property
/// <c>v</c> to values no one else writes, and readers reading random entities. Each request goes to the next
/// gateway in turn, so a gateway that is down costs a write its answer, not the run its writers. Every answer the
/// contract does not allow (anything but 200, a 404 before the first write, a 503 with Retry-After) is kept as a
/// wrong answer.
/// </summary>
internal sealed class Workload : IAsyncDisposable
{
    private static readonly TimeSpan WritePause = TimeSpan.FromMilliseconds(50);
    private static readonly TimeSpan PauseAfterUnknown = TimeSpan.FromMilliseconds(250);
    private static readonly TimeSpan ReadPause = TimeSpan.FromMilliseconds(20);

    private readonly FluxCluster _cluster;
    private readonly HttpClient _http;
    private readonly ConcurrentQueue<Write> _writes = new();
    private readonly ConcurrentQueue<Read> _reads = new();
    private readonly ConcurrentQueue<string> _wrongAnswers = new();
    private readonly CancellationTokenSource _stop = new();
    private readonly List<Task> _clients;
    private int _nextGateway;
    private int _probes;

    private Workload(FluxCluster cluster, string prefix, int entities, int writersPerEntity, int readers)
    {
        _cluster = cluster;
        // Fresh connections often: a gateway that restarted listens on a new port, and a pooled connection to the old
        // one would only fail.
        _http = new HttpClient(new SocketsHttpHandler { ConnectTimeout = TimeSpan.FromSeconds(2), PooledConnectionLifetime = TimeSpan.FromSeconds(5) })
        {
            Timeout = TimeSpan.FromSeconds(15),
        };
        Entities = [.. Enumerable.Range(0, entities).Select(e => $"{prefix}-{e}")];
        _clients =
        [
            .. Enumerable.Range(0, entities).SelectMany(e => Enumerable.Range(0, writersPerEntity).Select(w => WriteAsync(e, $"w{w}"))),
            .. Enumerable.Range(0, readers).Select(r => ReadAsync(new Random(r))),
        ];
    }

    public static Workload Start(FluxCluster cluster, string prefix, int entities, int writersPerEntity, int readers) =>
        new(cluster, prefix, entities, writersPerEntity, readers);

    public IReadOnlyList<string> Entities { get; }

    /// <summary>Waits until some write sent after <paramref name="since"/> got no acknowledgement: the fault reached the clients.</summary>
    public Task<bool> WaitUntilAWriteFailsAfterAsync(long since, TimeSpan within) =>
        Eventually.HoldsAsync(() => Task.FromResult(_writes.Any(w => w.Outcome == WriteOutcome.Unknown && w.Invoked > since)), failed => failed, within,
            "a write refused or unanswered");

    /// <summary>Stops the clients once their requests in flight are answered; then reads each entity's final state.</summary>
    public async Task<IReadOnlyDictionary<string, string?>> StopAndReadFinalStateAsync()
    {
        await _stop.CancelAsync();
        await Task.WhenAll(_clients);
        var final = new Dictionary<string, string?>(StringComparer.Ordinal);
        foreach (var entity in Entities)
        {
            var read = await Eventually.HoldsAsync(() => TryReadAsync(entity), r => r.Answered, TimeSpan.FromSeconds(60), $"a read of {entity}");
            final[entity] = read.Value;
        }
        return final;
    }

    public (IReadOnlyList<Write> Writes, IReadOnlyList<Read> Reads, IReadOnlyList<string> WrongAnswers) Recorded() =>
        ([.. _writes], [.. _reads], [.. _wrongAnswers]);

    private Uri NextGateway(string path)
    {
        var gateways = _cluster.Gateways;
        return new Uri(gateways[(int)((uint)Interlocked.Increment(ref _nextGateway) % gateways.Count)].BaseAddress, path);
    }

    private async Task WriteAsync(int entityIndex, string writer)
    {
        await Task.Yield();
        for (var n = 1; !_stop.IsCancellationRequested; n++)
        {
            var outcome = await WriteOnceAsync(entityIndex, $"{writer}-{n}", _http.Timeout);
            await Task.Delay(outcome == WriteOutcome.Acknowledged ? WritePause : PauseAfterUnknown);
        }
    }

    /// <summary>
    /// Writes a fresh value to every entity, each from a client of its own that gives up on a request after two seconds
    /// and sends another, until every entity acknowledged one: how long after <paramref name="since"/> the last did.
    /// Unlike the writers, this is not held up by requests stuck on a silo that died under them.
    /// </summary>
    public async Task<TimeSpan> UntilEveryEntityAnswersAsync(long since, TimeSpan within)
    {
        var answered = await Task.WhenAll(Entities.Select(async (_, e) =>
        {
            while (Stopwatch.GetElapsedTime(since) < within)
            {
                if (await WriteOnceAsync(e, $"probe-{Interlocked.Increment(ref _probes)}", TimeSpan.FromSeconds(2)) == WriteOutcome.Acknowledged)
                    return Stopwatch.GetTimestamp();
                await Task.Delay(100);
            }
            throw new TimeoutException($"{Entities[e]} acknowledged no write within {within}");
        }));
        return Stopwatch.GetElapsedTime(since, answered.Max());
    }

    /// <summary>The writes sent between two moments: how many, how many got no acknowledgement, and their p99 latency.</summary>
    public string WritesBetween(long from, long to)
    {
        var writes = _writes.Where(w => w.Invoked >= from && w.Invoked <= to).ToList();
        if (writes.Count == 0)
            return "no writes";
        var latencies = writes.Select(w => Stopwatch.GetElapsedTime(w.Invoked, w.Completed).TotalMilliseconds).Order().ToList();
        var p99 = latencies[Math.Min(latencies.Count - 1, (int)Math.Ceiling(latencies.Count * 0.99) - 1)];
        return $"{writes.Count} writes, {writes.Count(w => w.Outcome == WriteOutcome.Unknown)} answered 503 or not at all, p99 latency {p99:0} ms";
    }

    private async Task<WriteOutcome> WriteOnceAsync(int entityIndex, string value, TimeSpan timeout)
    {
        var entity = Entities[entityIndex];
        var body = JsonSerializer.Serialize(new { stream = "chaos", source = value.Split('-')[0], payload = new { entity_id = entity, properties = new { v = value } } });
        var invoked = Stopwatch.GetTimestamp();
        var outcome = WriteOutcome.Unknown;
        try
        {
            using var cancel = new CancellationTokenSource(timeout);
            using var response = await _http.PostAsync(NextGateway("api/events"), new StringContent(body, Encoding.UTF8, "application/json"), cancel.Token);
            if (response.StatusCode == HttpStatusCode.OK)
                outcome = WriteOutcome.Acknowledged;
            else
                await CheckRefusalAsync($"POST /api/events for {entity}", response);
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
        {
            // No answer: the write may or may not have been stored.
        }
        _writes.Enqueue(new Write(entity, value, invoked, Stopwatch.GetTimestamp(), outcome));
        return outcome;
    }

    private async Task ReadAsync(Random random)
    {
        await Task.Yield();
        while (!_stop.IsCancellationRequested)
        {
            var entity = Entities[random.Next(Entities.Count)];
            var invoked = Stopwatch.GetTimestamp();
            var read = await TryReadAsync(entity);
            if (read.Answered)
                _reads.Enqueue(new Read(entity, read.Value, invoked, Stopwatch.GetTimestamp()));
            await Task.Delay(ReadPause);
        }
    }

    /// <summary>One read of the entity's <c>v</c>: answered with a value, or with nothing when it does not exist (404).</summary>
    private async Task<(bool Answered, string? Value)> TryReadAsync(string entity)
    {
        try
        {
            using var response = await _http.GetAsync(NextGateway($"api/state/entities/{Uri.EscapeDataString(entity)}"));
            if (response.StatusCode == HttpStatusCode.NotFound)
                return (true, null);
            if (response.StatusCode != HttpStatusCode.OK)
            {
                await CheckRefusalAsync($"GET {entity}", response);
                return (false, null);
            }
            using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
            return (true, json.RootElement.GetProperty("properties").GetProperty("v").GetString());
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
        {
            return (false, null);
        }
    }

    /// <summary>A refusal the contract allows is 503 with Retry-After (docs/api.md §2.9); anything else is a wrong answer.</summary>
    private async Task CheckRefusalAsync(string request, HttpResponseMessage response)
    {
        if (response.StatusCode == HttpStatusCode.ServiceUnavailable && response.Headers.RetryAfter is not null)
            return;
        _wrongAnswers.Enqueue($"{request} answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        await Task.WhenAll(_clients);
        _http.Dispose();
        _stop.Dispose();
    }
}
