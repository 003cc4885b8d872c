using Flux.Benchmarks.Http;

return args.FirstOrDefault() switch
{
    "http" => await HttpBenchmark.RunAsync(args[1..]),
    "memory" => await MemoryBenchmark.RunAsync(args[1..]),
    "live" => await LiveDeliveryBenchmark.RunAsync(args[1..]),
    _ => Usage(),
};

static int Usage()
{
    Console.Error.WriteLine("usage: Flux.Benchmarks http [--seconds N] [--live-seconds N] | memory [--entities N] [--max-activations N] | live [--seconds N]");
    return 1;
}
