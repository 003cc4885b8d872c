using System.Diagnostics;

namespace Flux.Benchmarks.Http;

/// <summary>
/// One wrk run against a server process: its rate, and the server's CPU time per item (request, or event for
/// a batch), which hardly moves when other work shares the machine, unlike the rate. With a writer thread
/// name, also the part that thread used: for Flux's writes, where durability's cost shows.
/// </summary>
internal sealed record Measurement(Wrk.Result Run, HttpLoad Load, double ItemsPerSecond, double ServerCpuUsPerItem, double WriterCpuUsPerItem)
{
    public string RateUnit => Load.EventsPerRequest == 1 ? "req/s" : "events/s";

    public string CpuUnit => Load.EventsPerRequest == 1 ? "us/req" : "us/event";

    public static async Task<Measurement> TakeAsync(ServerProcess server, HttpLoad load, TimeSpan duration, string? writerThreadName = null)
    {
        var cpuBefore = ProcessCpu.Used(server.ProcessId);
        var writerBefore = writerThreadName is null ? TimeSpan.Zero : ProcessCpu.UsedByThreads(server.ProcessId, writerThreadName);
        var wall = Stopwatch.StartNew();
        var result = await Wrk.RunAsync(server.Address, load, duration);
        var cpu = ProcessCpu.Used(server.ProcessId) - cpuBefore;
        var writer = writerThreadName is null ? TimeSpan.Zero : ProcessCpu.UsedByThreads(server.ProcessId, writerThreadName) - writerBefore;
        if (result.Non2xx > 0)
            Console.Error.WriteLine($"warning: {result.Non2xx} responses from {server.Address} were not 2xx");

        var itemsPerSecond = result.RequestsPerSecond * load.EventsPerRequest;
        var items = itemsPerSecond * wall.Elapsed.TotalSeconds;
        return new Measurement(result, load, itemsPerSecond, cpu.TotalMicroseconds / items, writer.TotalMicroseconds / items);
    }
}
