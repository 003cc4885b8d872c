using Flux.Benchmarks.Cluster;
using Flux.Benchmarks.Compare;
using Flux.Benchmarks.Connectors;
using Flux.Benchmarks.GrainFloor;
using Flux.Benchmarks.Http;
using Flux.Benchmarks.Nats;

// One command per benchmark; add a line here for a new one.
return args.FirstOrDefault() switch
{
    "http" => await HttpBenchmark.RunAsync(args[1..]),
    "live" => await LiveDeliveryBenchmark.RunAsync(args[1..]),
    "compare" => await CompareBenchmark.RunAsync(args[1..]),
    "grain-floor" => await GrainFloorBenchmark.RunAsync(args[1..]),
    "grain-host" => await GrainHost.RunAsync(args[1..]),
    "telemetry" => await TelemetryBenchmark.RunAsync(args[1..]),
    "memory" => await MemoryBenchmark.RunAsync(args[1..]),
    "drain" => await DrainBenchmark.RunAsync(args[1..]),
    "raw-kestrel" => await RawKestrel.RunAsync(args[1..]),
    "jetstream" => await JetStreamBenchmark.RunAsync(args[1..]),
    "jetstream-log" => await JetStreamLogBenchmark.RunAsync(args[1..]),
    "cluster" => await ClusterBenchmark.RunAsync(args[1..]),
    "cluster-activation" => await ActivationBenchmark.RunAsync(args[1..]),
    "github-poll" => await GitHubPollBenchmark.RunAsync(args[1..]),
    "github-world" => await GitHubWorldBenchmark.RunAsync(args[1..]),
    _ => Usage(),
};

static int Usage()
{
    Console.Error.WriteLine("""
        usage: Flux.Benchmarks <benchmark> [options]

        benchmarks (each prints "name: value unit" lines):
          http [--seconds N] [--warmup N] [--live-seconds N]
              Flux single and batch ingest, reads and live delivery under wrk, next to raw Kestrel
              (also with fsynced POSTs) in the same run, with the server's CPU time per request;
              each after a warm-up.
          live [--seconds N] [--warmup N] [--subscribers N] [--url http://host:port]
              publish -> live delivery latency, 100 subscribers at 5,000 events/s, after an
              unmeasured warm-up run of the same load; raw Kestrel's first, unless --url is given;
              then the same subscribers through the SignalR hub, with its p99 over /api/ws's.
          compare --baseline DIR [--candidate DIR] [--rounds N] [--seconds N] [--warmup N]
              the http hot paths (single POST, batch of 100, GET, live p99) of two Flux builds (folders
              holding Flux.Silo.dll; the candidate defaults to this checkout's Release build), a fresh
              server each, alternating which goes first per round (default 3); prints both builds'
              medians and the median candidate/baseline ratio beside its target. See scripts/bench-compare.
          grain-floor [--rounds N] [--seconds N] [--warmup N]
              what an empty Orleans grain call adds to a request: the same POST with and without one on a
              co-hosted Kestrel + silo (grain-host), alternating; rates and the server CPU per call.
          grain-host --port N
              the server grain-floor starts as a process of its own: POST /raw and POST /grain (one empty
              grain call) on an in-process Orleans silo on free ports. Serves until stopped.
          telemetry [--rounds N] [--seconds N] [--warmup N]
              what OpenTelemetry costs a single POST: fresh servers with FLUX_TELEMETRY_ENABLED=false, with the
              defaults (metrics), tracing every request to an OTLP receiver, and tracing 1 % of them, in turn
              per round (default 3); rates, server CPU per request, and the median ratios to off beside the
              target (rate >= 0.95).
          memory [--entities N] [--heap-limit-mb N]
              publishes to N distinct entities under a heap limit; heap per resident entity, the highest
              resident memory, failed requests, and what Orleans shed to stay under the limit.
          drain [--entities N]
              SIGTERM with N resident entities: drain time and exit code; a restart must list the same state.
          jetstream [--count N] [--size B] [--window W] [--sync-count S] [--sync-interval 1s|always]
              the raw JetStream limit: a nats-server of tests/Flux.Testing (needs 2.10+, FLUX_NATS_SERVER),
              N acked publishes of B bytes (200,000 x 200) through NATS.Net with a Msg-Id, W in flight
              (256); then S one-at-a-time publishes' ack latency p50/p99.
          jetstream-log [--singles N] [--batches N] [--window W] [--filler N] [--entities N] [--reads N]
              appends through JetStreamEventLog (1 and 100 events per append, distinct entities, W in flight)
              beside raw NATS.Net publishes of the same bytes; then history (limit 100) and replay (10 and
              1,000 events) p50/p99 on a stream of N filler messages, beside a raw next_by_subj replay.
          cluster [--seconds N] [--warmup N] [--window W] [--singles N] [--no-sync-always] [--silos 1,2,3]
              the cluster profile as processes on loopback (nats-server, PostgreSQL, 2 silos, 1 gateway):
              POST /api/events/batch (100 events, 16 in flight) through the gateway beside raw NATS.Net
              publishing of the same events to the same server and stream settings (Msg-Id, W in flight,
              256) and their ratio; N single POSTs one at a time (2,000) beside one-at-a-time publish-
              with-ack, p50/p99; then the batch figures again on a second cluster whose nats-server has
              sync_interval always instead of 1s (skipped with --no-sync-always). Each cluster's batch load
              runs after the warm-up; its rate is what the log stored, with the silos' and gateway's CPU per event.
              With --silos, only the batch figures, on a fresh cluster of each silo count, each beside its raw limit.
          cluster-activation [--events N] [--entities N] [--per-entity N] [--behind N] [--reads N] [--silos N]
              reads on a large log in the cluster profile: builds a log of N messages (1,000,000) straight into the
              cluster's stream with NATS.Net in the log's format, 200 entities of 1,000 events each among filler
              entities, with a snapshot row 100 events behind for each; then through the gateway the first read of
              each cold entity (activation) beside reads of active ones, history (limit 100) p50/p99, and the
              restart of every silo and the gateway to ready and to the first read, beside the same restart on the
              empty log.
          github-poll [--items N] [--rounds R]
              one GitHub poll through Flux.Connectors against the tests' fake GitHub on loopback with N
              repositories and N assigned issues (1,000 each: 10 pages of 100): a fresh poller's first poll
              (wall time, entities, requests) and its second poll of unchanged data (wall time, entities,
              which must be 0, and 304s): medians of R rounds (5), each with a fresh poller, after a first
              round printed as -cold; beside the first poll, the same pages fetched by a bare HttpClient.
          github-world [--items N]
              the GitHub connector end to end: an embedded Flux polling the fake GitHub (N repositories and N
              issues, 1,000 each); from storing the token until every one is an entity (wall time, events
              published), beside the same number of single publishes over HTTP; then an unchanged poll, which
              must publish 0 events.
          raw-kestrel --port N [--durable DIR]
              the raw Kestrel limit the others start as a process of their own; with --durable, a POST
              is answered once fsynced to a file in DIR. Serves until stopped.
        """);
    return 1;
}
