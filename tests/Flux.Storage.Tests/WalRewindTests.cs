using System.Buffers.Binary;
using Flux.Storage.Sqlite;
using static Flux.Storage.Tests.TestEvents;

namespace Flux.Storage.Tests;

public sealed class WalRewindTests
{
    [Fact]
    public async Task the_wal_is_rewound_again_and_again_while_appenders_keep_the_writer_busy()
    {
        using var directory = new TempDataDirectory();
        using var storage = new EmbeddedStorage(directory.Path);
        using var stop = new CancellationTokenSource();
        var appenders = Enumerable.Range(0, 64).Select(worker => Task.Run(async () =>
        {
            for (var n = 0; !stop.IsCancellationRequested; n++)
            {
                var entity = $"load/{worker}";
                var events = new[] { Event($"{worker}-{n}", entity, Start) };
                await storage.Log.AppendAsync(new AppendBatch(events, State(entity, $$"""{"n":{{n}}}""")));
            }
        })).ToArray();

        await Task.Delay(500);
        var rewindsBefore = WalRewinds(storage);
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (WalRewinds(storage) - rewindsBefore < 2 && DateTime.UtcNow < deadline)
        {
            await Task.Delay(20);
        }

        var rewinds = WalRewinds(storage) - rewindsBefore;
        await stop.CancelAsync();
        await Task.WhenAll(appenders);

        // Each rewind writes new frames from the start of the file, so the WAL stops growing. Its peak
        // size is not asserted: it depends on how many frames this machine commits between two checkpoints.
        Assert.True(rewinds >= 2, $"the WAL was rewound {rewinds} times during sustained appends");
    }

    /// <summary>The WAL header's checkpoint sequence number, which SQLite increments each time it rewinds the WAL.</summary>
    private static uint WalRewinds(EmbeddedStorage storage)
    {
        using var wal = new FileStream(storage.DatabasePath + "-wal", FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        Span<byte> header = stackalloc byte[32];
        wal.ReadExactly(header);
        return BinaryPrimitives.ReadUInt32BigEndian(header[12..16]);
    }
}
