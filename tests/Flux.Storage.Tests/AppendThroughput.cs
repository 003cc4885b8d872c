using System.Diagnostics;
using Flux.Storage.Sqlite;
using static Flux.Storage.Tests.TestEvents;

namespace Flux.Storage.Tests;

/// <summary>
/// Prints durable append rates of the embedded store: closed-loop appenders (one entity each, every
/// batch carrying its entity state, UUIDv7 event ids as the server generates them) with one-event and
/// 100-event batches, plus commit sizes and bytes written to disk per event (the fsync's real cost).
/// Run: <c>dotnet Flux.Storage.Tests.dll measure DIR</c>.
/// </summary>
internal static class AppendThroughput
{
    public static async Task<int> RunAsync(string directory)
    {
        await Measure(directory, "single-event batches, 1 appender", appenders: 1, batchSize: 1, seconds: 3);
        await Measure(directory, "single-event batches, 64 appenders", appenders: 64, batchSize: 1, seconds: 5);
        await Measure(directory, "100-event batches, 8 appenders", appenders: 8, batchSize: 100, seconds: 5);
        await Measure(directory, "100-event batches, 64 appenders", appenders: 64, batchSize: 100, seconds: 5);
        return 0;
    }

    private static async Task Measure(string directory, string name, int appenders, int batchSize, int seconds)
    {
        var path = Path.Combine(directory, Guid.NewGuid().ToString("N"));
        using var storage = new EmbeddedStorage(path);
        var envelopeEvent = Event("x", "x");
        long events = 0;
        var writtenBefore = BytesWritten();
        var stopwatch = Stopwatch.StartNew();
        var until = TimeSpan.FromSeconds(seconds);
        await Task.WhenAll(Enumerable.Range(0, appenders).Select(worker => Task.Run(async () =>
        {
            var entity = $"bench/{worker}";
            var state = State(entity, """{"temperature":22.5,"unit":"celsius"}""");
            for (var n = 0; stopwatch.Elapsed < until; n++)
            {
                var batch = new EventRecord[batchSize];
                for (var i = 0; i < batchSize; i++)
                {
                    batch[i] = envelopeEvent with { EventId = Guid.CreateVersion7().ToString(), EntityId = entity, AcceptedAt = DateTimeOffset.UtcNow };
                }

                await storage.Log.AppendAsync(new AppendBatch(batch, state));
                Interlocked.Add(ref events, batchSize);
            }
        })));
        var elapsed = stopwatch.Elapsed.TotalSeconds;
        var written = BytesWritten() - writtenBefore;
        var (commits, busy) = storage.Writer.CommitStatistics;
        Console.WriteLine(
            $"{name}: {events / elapsed:F0} events/s ({events} events in {elapsed:F1} s, {envelopeEvent.Envelope.Length} B envelopes; "
            + $"{commits} commits, {(double)events / commits:F1} events and {busy.TotalMilliseconds / commits:F2} ms per commit, writer busy {busy.TotalSeconds / elapsed:P0}; {written / events} B written to disk per event; WAL {WalMegabytes(storage):F1} MB)");
    }

    /// <summary>Bytes this process caused to be written to storage (Linux); the cost that fsync waits for.</summary>
    private static long BytesWritten()
    {
        const string io = "/proc/self/io";
        if (!File.Exists(io))
        {
            return 0;
        }

        var line = File.ReadLines(io).First(l => l.StartsWith("write_bytes:", StringComparison.Ordinal));
        return long.Parse(line["write_bytes:".Length..].Trim(), System.Globalization.CultureInfo.InvariantCulture);
    }

    private static double WalMegabytes(EmbeddedStorage storage)
    {
        var wal = new FileInfo(storage.DatabasePath + "-wal");
        return wal.Exists ? wal.Length / 1048576.0 : 0;
    }
}
