using System.Diagnostics;
using System.Globalization;
using Flux.Benchmarks.Nats;
using Flux.Storage.JetStream;
using NATS.Client.Core;
using NATS.Client.JetStream;
using NATS.Client.JetStream.Models;
using NATS.Net;

namespace Flux.Benchmarks.Cluster;

/// <summary>
/// The raw JetStream limit beside a running cluster: NATS.Net publishing straight to the cluster's own nats-server,
/// on a stream configured as the event log's (its configuration read back from the server, renamed), one message per
/// event in the log's own format on the entity's subject, each with a Msg-Id. What Flux adds is measured against this.
/// </summary>
internal sealed class RawJetStream : IAsyncDisposable
{
    private const string Stream = "RAW";
    private readonly NatsConnection _nats;
    private readonly INatsJSContext _js;
    private readonly EntitySubjects _subjects = new(Stream);

    private RawJetStream(NatsConnection nats)
    {
        _nats = nats;
        _js = nats.CreateJetStreamContext();
    }

    /// <param name="logStream">The stream the cluster's silos created for the event log.</param>
    public static async Task<RawJetStream> OpenAsync(string url, string logStream = "FLUX_EVENTS")
    {
        var raw = new RawJetStream(new NatsConnection(new NatsOpts { Url = url, Name = "flux-bench-raw" }));
        var log = await raw._js.GetStreamAsync(logStream);
        await raw._js.CreateStreamAsync(log.Info.Config with { Name = Stream, Subjects = [Stream + ".>"] });
        return raw;
    }

    /// <summary>
    /// Events to distinct entities, at most <paramref name="window"/> publishes in flight, for <paramref name="duration"/>
    /// after a warm-up of the same: events per second.
    /// </summary>
    public async Task<double> PublishEventsAsync(TimeSpan duration, TimeSpan warmup, int window)
    {
        await PublishForAsync("warm", warmup, window);
        return await PublishForAsync("run", duration, window);
    }

    /// <summary>One event at a time, each awaiting its ack, after <paramref name="warmup"/> unmeasured ones: microseconds, sorted.</summary>
    public async Task<double[]> AckLatenciesAsync(int count, int warmup)
    {
        var message = Message("sync", 0);
        await JetStreamBenchmark.AckLatenciesAsync(_js, message.Subject, message.Data, warmup);
        return await JetStreamBenchmark.AckLatenciesAsync(_js, message.Subject, message.Data, count);
    }

    private async Task<double> PublishForAsync(string prefix, TimeSpan duration, int window)
    {
        var inFlight = new Queue<ValueTask<PubAckResponse>>(window);
        var clock = Stopwatch.StartNew();
        var published = 0;
        for (; clock.Elapsed < duration; published++)
        {
            if (inFlight.Count == window) (await inFlight.Dequeue()).EnsureSuccess();
            var (subject, data) = Message(prefix, published);
            inFlight.Enqueue(_js.PublishAsync(subject, data, opts: new NatsJSPubOpts { MsgId = string.Create(CultureInfo.InvariantCulture, $"{prefix}-{published}") }));
        }

        while (inFlight.Count > 0) (await inFlight.Dequeue()).EnsureSuccess();
        return published / clock.Elapsed.TotalSeconds;
    }

    /// <summary>The bytes and subject the event log would store one event of entity <c>PREFIX/e-N</c> as.</summary>
    private (string Subject, byte[] Data) Message(string prefix, int n)
    {
        var entity = string.Create(CultureInfo.InvariantCulture, $"{prefix}/e-{n}");
        var record = JetStreamLogBenchmark.Event(string.Create(CultureInfo.InvariantCulture, $"{prefix}-{n}"), entity, 0);
        return (_subjects.For(entity)!, new EventMessage([], entity, [record]).Encode());
    }

    public async ValueTask DisposeAsync()
    {
        await _js.DeleteStreamAsync(Stream);
        await _nats.DisposeAsync();
    }
}
