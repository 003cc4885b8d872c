using Flux.Benchmarks.Nats;

// One command per benchmark; add a line here for a new one.
return args.FirstOrDefault() switch
{
    "nats-publish" => await NatsPublishBenchmark.RunAsync(args[1..]),
    _ => Usage(),
};

static int Usage()
{
    Console.Error.WriteLine("""
        usage: Flux.Benchmarks <benchmark> [options]

        benchmarks:
          nats-publish --url URL --count N --size B [--window W] [--sync-count S] [--rounds R] [--no-node]
              N acked JetStream publishes of B bytes, pipelined (at most W un-acked), plus
              one-at-a-time latency; R rounds alternating with the npm nats client (node/js_bench.mjs)
              when node is present, medians compared.
        """);
    return 1;
}
