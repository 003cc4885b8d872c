using System.Collections.Concurrent;
using System.Text.RegularExpressions;
using Flux.Functional.Tests.Hosting;

namespace Flux.Functional.Tests.Durability;

/// <summary>
/// An acknowledged write survives kill -9 and power loss only if its commit was on disk before the 200
/// went out (README). Nothing read back through the running kernel can show that: the page cache serves an
/// unsynced write just as well, so with synchronous=OFF every other storage test still passes. Here the
/// server runs under strace instead, and its system calls must show, for every acknowledged event: the
/// event's bytes written to the database's file (its WAL), then a successful fsync or fdatasync of that
/// file, and only after that the HTTP answer carrying the eventId written to the socket.
/// </summary>
public sealed partial class FsyncTests(Xunit.Abstractions.ITestOutputHelper output)
{
    private const int Publishers = 8;
    private const int EventsPerPublisher = 25;

    // The server's EmbeddedStorage.DatabaseFileName; its WAL is flux.db-wal.
    private const string DatabaseFile = "flux.db";

    [Fact]
    public async Task every_acknowledged_write_is_fsynced_before_its_answer()
    {
        var strace = OnPath("strace");
        Assert.True(strace is not null,
            "strace is not installed: this test watches the server's system calls with it (scripts/test installs it; apt-get install strace).");
        var traceDir = Directory.CreateTempSubdirectory("flux-fsync-trace-").FullName;
        var trace = Path.Combine(traceDir, "strace.log");

        // -D keeps the server the direct child, so stopping it reaches the server and not strace; -yy names
        // each fd's file or socket; -s is larger than a 4 KiB database page, so written pages are printed whole.
        await using var server = await FluxServer.StartAsync(wrapper:
        [
            strace!, "-D", "-f", "-tt", "-yy", "-s", "65536", "--seccomp-bpf", "-o", trace,
            "-e", "trace=write,pwrite64,writev,pwritev,pwritev2,sendto,sendmsg,sendmmsg,fsync,fdatasync",
        ]);
        var serverPid = server.ProcessId!.Value;

        // Several publishers at once, so that group commit puts several events under one fsync.
        var acknowledged = new ConcurrentBag<string>();
        await Task.WhenAll(Enumerable.Range(0, Publishers).Select(publisher => Task.Run(async () =>
        {
            for (var i = 0; i < EventsPerPublisher; i++)
            {
                var eventId = $"fsync-{Guid.NewGuid():N}";
                var response = await server.Api.PublishAsync($"fsync/p{publisher}", FluxApi.Props("seq", i), eventId: eventId);
                Assert.True(response.Status == 200, $"publish expected 200: {response}");
                acknowledged.Add(eventId);
            }
        })));

        // A client can read its answer before strace has logged the send, so the log is read only once it is
        // complete: after the server has exited and strace has logged that exit, its last line.
        Assert.Equal(0, await server.StopAsync());
        await Eventually.HoldsAsync(() => Task.FromResult(File.ReadLines(trace).LastOrDefault() ?? ""),
            last => last.StartsWith($"{serverPid} ", StringComparison.Ordinal) && last.Contains("+++ exited with", StringComparison.Ordinal),
            TimeSpan.FromSeconds(30), "strace logging the server's exit");

        // strace holds each thread at every traced call until it has logged it, so the log's line order is the
        // order the calls happened in. An event's commit is the first write carrying its id (later commits may
        // rewrite that page); any fsync of the same file counts, the checkpointer's fd included.
        var calls = SyscallTrace.Read(trace);
        var stored = FirstCallCarrying(calls.Where(c => c.Succeeded
            && c.Name is "write" or "pwrite64" or "writev" or "pwritev" or "pwritev2"
            && Path.GetFileName(c.FdPath).StartsWith(DatabaseFile, StringComparison.Ordinal)));
        var answered = FirstCallCarrying(calls.Where(c => c.Succeeded
            && c.Name is "write" or "writev" or "sendto" or "sendmsg" or "sendmmsg"
            && c.FdPath.StartsWith("TCP", StringComparison.Ordinal)));
        var syncs = calls.Where(c => c.Name is "fsync" or "fdatasync" && c.Result == "0").ToList();

        var failures = new List<string>();
        var groups = new HashSet<Syscall>();
        foreach (var eventId in acknowledged)
        {
            if (!stored.TryGetValue(eventId, out var write))
            {
                failures.Add($"{eventId} was acknowledged but never written to {DatabaseFile}*");
                continue;
            }
            if (!answered.TryGetValue(eventId, out var answer))
            {
                failures.Add($"{eventId} was acknowledged but no answer carrying it was written to a TCP socket");
                continue;
            }
            var sync = syncs.FirstOrDefault(s => s.FdPath == write.FdPath && s.Started > write.Returned);
            if (sync is null || sync.Returned > answer.Started)
            {
                failures.Add($"{eventId} was answered before its write was fsynced:\n  written  {write}\n  answered {answer}\n  fsynced  {sync?.ToString() ?? "never"}");
                continue;
            }
            groups.Add(sync);
        }

        output.WriteLine($"{acknowledged.Count} events acknowledged, {groups.Count} fsyncs covered them; {calls.Count} calls traced ({new FileInfo(trace).Length / 1024} KiB)");
        Assert.True(failures.Count == 0,
            $"{failures.Count} of {acknowledged.Count} acknowledged events were not fsynced before their answer (trace kept at {trace}):\n"
            + string.Join("\n", failures.Take(5)));
        Assert.True(groups.Count < acknowledged.Count, "no fsync covered more than one event: the publishes never formed a group commit");
        Directory.Delete(traceDir, recursive: true);
    }

    /// <summary>For each eventId in the calls' bytes, the first call that carried it.</summary>
    private static Dictionary<string, Syscall> FirstCallCarrying(IEnumerable<Syscall> calls)
    {
        var first = new Dictionary<string, Syscall>();
        foreach (var call in calls)
        {
            foreach (Match id in EventId().Matches(call.Text))
                first.TryAdd(id.Value, call);
        }
        return first;
    }

    private static string? OnPath(string name) =>
        (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':', StringSplitOptions.RemoveEmptyEntries)
            .Select(dir => Path.Combine(dir, name))
            .FirstOrDefault(File.Exists);

    [GeneratedRegex("fsync-[0-9a-f]{32}")]
    private static partial Regex EventId();
}
