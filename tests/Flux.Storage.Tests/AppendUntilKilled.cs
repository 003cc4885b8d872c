using Flux.Storage.Sqlite;
using static Flux.Storage.Tests.TestEvents;

namespace Flux.Storage.Tests;

/// <summary>
/// The crash test's child process: concurrent appenders, each printing a line for every acknowledged
/// append, until the parent kills the process.
/// </summary>
internal static class AppendUntilKilled
{
    public const int Appenders = 16;

    public static async Task<int> RunAsync(string directory)
    {
        var storage = new EmbeddedStorage(directory);
        var output = TextWriter.Synchronized(Console.Out);
        output.WriteLine("ready");
        await Task.WhenAll(Enumerable.Range(0, Appenders).Select(worker => Task.Run(async () =>
        {
            for (var n = 0; ; n++)
            {
                var entity = $"worker/{worker}";
                var eventId = $"w{worker}-{n}";
                var result = await storage.Log.AppendAsync(new AppendBatch(
                    [Event(eventId, entity, DateTimeOffset.UtcNow)],
                    State(entity, $$"""{"n":{{n}}}""")));
                output.WriteLine($"ack {result[0].Position} {eventId} {n} end");
            }
        })));
        return 0;
    }
}
