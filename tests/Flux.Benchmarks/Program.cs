using Flux.Benchmarks.Http;

// One command per benchmark; add a line here for a new one.
return args.FirstOrDefault() switch
{
    "http" => await HttpBenchmark.RunAsync(args[1..]),
    "live" => await LiveDeliveryBenchmark.RunAsync(args[1..]),
    "memory" => await MemoryBenchmark.RunAsync(args[1..]),
    "raw-kestrel" => await RawKestrel.RunAsync(args[1..]),
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
              publish -> WebSocket delivery latency, 100 subscribers at 5,000 events/s, after an
              unmeasured warm-up run of the same load; raw Kestrel's first, unless --url is given.
          memory [--entities N] [--max-activations N]
              publishes to N distinct entities; resident memory and bytes per resident entity.
          raw-kestrel --port N [--durable DIR]
              the raw Kestrel limit the others start as a process of their own; with --durable, a POST
              is answered once fsynced to a file in DIR. Serves until stopped.
        """);
    return 1;
}
