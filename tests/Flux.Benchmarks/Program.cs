Console.WriteLine("usage: Flux.Benchmarks <benchmark> [options]");
return 1;
