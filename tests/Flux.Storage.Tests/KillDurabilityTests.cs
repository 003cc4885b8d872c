using System.Diagnostics;
using System.Text.Json;
using Flux.Storage.Sqlite;

namespace Flux.Storage.Tests;

public sealed class KillDurabilityTests
{
    [Fact]
    public async Task every_acknowledged_append_survives_kill_9_of_the_process()
    {
        using var directory = new TempDataDirectory();
        var acks = await RunChildAndKill(directory.Path, minimumAcks: 3000, within: TimeSpan.FromSeconds(8));
        Assert.True(acks.Count >= 100, $"only {acks.Count} appends were acknowledged before the kill");

        using var storage = new EmbeddedStorage(directory.Path);
        foreach (var worker in acks.GroupBy(a => a.EventId.Split('-')[0][1..]))
        {
            var entity = $"worker/{worker.Key}";
            var positions = (await storage.Log.ReadEntityAsync(entity, 0).ToListAsync())
                .ToDictionary(e => e.Event.EventId, e => e.Position);
            Assert.All(worker, ack => Assert.Equal(ack.Position, Assert.Contains(ack.EventId, positions)));

            var snapshot = await storage.Snapshots.LoadAsync(entity);
            using var state = JsonDocument.Parse(snapshot!.Properties!.Value);
            Assert.True(state.RootElement.GetProperty("n").GetInt32() >= worker.Max(a => a.N));
            Assert.True(snapshot.Position >= worker.Max(a => a.Position));
        }

        Assert.True(await storage.Log.CountAsync() >= acks.Max(a => a.Position));
    }

    private static async Task<List<(long Position, string EventId, int N)>> RunChildAndKill(string directory, int minimumAcks, TimeSpan within)
    {
        var start = new ProcessStartInfo(Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add("exec");
        start.ArgumentList.Add(typeof(KillDurabilityTests).Assembly.Location);
        start.ArgumentList.Add("append-until-killed");
        start.ArgumentList.Add(directory);

        using var child = Process.Start(start)!;
        var lines = new List<string>();
        var enough = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        child.OutputDataReceived += (_, e) =>
        {
            if (e.Data is null)
            {
                enough.TrySetResult();
                return;
            }

            lock (lines)
            {
                lines.Add(e.Data);
                if (lines.Count >= minimumAcks)
                {
                    enough.TrySetResult();
                }
            }
        };
        child.BeginOutputReadLine();
        await Task.WhenAny(enough.Task, Task.Delay(within));
        child.Kill(entireProcessTree: true);
        await child.WaitForExitAsync();

        lock (lines)
        {
            // Only complete lines count: the kill can cut the last one short.
            return lines
                .Select(line => line.Split(' '))
                .Where(parts => parts is ["ack", _, _, _, "end"])
                .Select(parts => (long.Parse(parts[1]), parts[2], int.Parse(parts[3])))
                .ToList();
        }
    }
}
