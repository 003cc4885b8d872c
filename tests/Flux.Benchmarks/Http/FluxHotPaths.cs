namespace Flux.Benchmarks.Http;

/// <summary>
/// Flux's HTTP hot paths measured on one running server, each after a warm-up: single-event POSTs, batches of
/// 100, entity reads, then live delivery. <c>http</c> prints them beside raw Kestrel; <c>compare</c> sets two
/// builds against each other.
/// </summary>
internal sealed record FluxHotPaths(Measurement PublishSingle, Measurement PublishBatch, Measurement GetEntity, LiveDeliveryBenchmark.Result Live)
{
    public const string WriterThreadName = "Flux SQLite writer";

    /// <param name="warmup">
    /// Tiered JIT compiles the hot paths for the first 20-30 s under load: the measured runs start after it.
    /// </param>
    public static async Task<FluxHotPaths> MeasureAsync(ServerProcess flux, TimeSpan duration, TimeSpan warmup, TimeSpan liveDuration,
        TimeSpan liveWarmup)
    {
        if (warmup > TimeSpan.Zero)
            await Wrk.RunAsync(flux.Address, HttpLoad.PublishSingle, warmup);
        var publish = await Measurement.TakeAsync(flux, HttpLoad.PublishSingle, duration, WriterThreadName);

        // The single POSTs warmed most of the path; the batch endpoint's own part needs little more.
        var batchWarmup = TimeSpan.FromSeconds(Math.Min(3, warmup.TotalSeconds));
        if (batchWarmup > TimeSpan.Zero)
            await Wrk.RunAsync(flux.Address, HttpLoad.PublishBatch, batchWarmup);
        var batch = await Measurement.TakeAsync(flux, HttpLoad.PublishBatch, duration, WriterThreadName);

        await WriteReadEntitiesAsync(flux.Address);
        var get = await Measurement.TakeAsync(flux, HttpLoad.GetEntity, duration);
        var live = await LiveDeliveryBenchmark.MeasureAfterWarmupAsync(flux.Address, liveDuration, liveWarmup);
        return new FluxHotPaths(publish, batch, get, live);
    }

    private static async Task WriteReadEntitiesAsync(string address)
    {
        using var http = new HttpClient { BaseAddress = new Uri(address) };
        using var body = new StringContent(HttpLoad.ReadEntitiesBatch, System.Text.Encoding.UTF8, "application/json");
        using var response = await http.PostAsync("/api/events/batch", body);
        response.EnsureSuccessStatusCode();
    }
}
