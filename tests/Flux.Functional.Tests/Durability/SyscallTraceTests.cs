namespace Flux.Functional.Tests.Durability;

/// <summary>The strace log reader the fsync test relies on, on the line shapes strace -f writes.</summary>
public sealed class SyscallTraceTests
{
    [Fact]
    public void calls_that_strace_split_are_joined_and_keep_where_they_started_and_returned()
    {
        var path = Path.GetTempFileName();
        try
        {
            File.WriteAllLines(path,
            [
                "101 01:42:29.553841 pwrite64(182</d/flux.db-wal>, \"ab\\\"c\", 3, 4152) = 3",
                "101 01:42:29.555107 fsync(182</d/flux.db-wal> <unfinished ...>",
                "[pid   102] 01:42:29.555200 sendto(208<TCP:[127.0.0.1:5791->127.0.0.1:58232]>, \"HTTP/1.1 200 OK\", 15, 0, NULL, 0 <unfinished ...>",
                "101 01:42:29.556000 <... fsync resumed>) = 0",
                "102 01:42:29.556100 --- SIGURG {si_signo=SIGURG, si_code=SI_TKILL} ---",
                "102 01:42:29.556200 <... sendto resumed>) = 15",
                "101 01:42:29.557000 fdatasync(182</d/flux.db-wal>) = -1 EIO (Input/output error)",
                "101 01:42:30.000000 +++ exited with 0 +++",
            ]);

            var calls = SyscallTrace.Read(path);

            Assert.Equal(["pwrite64", "fsync", "sendto", "fdatasync"], calls.Select(c => c.Name));
            var (write, sync, send, failed) = (calls[0], calls[1], calls[2], calls[3]);
            Assert.Equal(("/d/flux.db-wal", "3", 0, 0), (write.FdPath, write.Result, write.Started, write.Returned));
            Assert.Equal(("/d/flux.db-wal", "0", 1, 3), (sync.FdPath, sync.Result, sync.Started, sync.Returned));
            Assert.Equal((102, "TCP:[127.0.0.1:5791->127.0.0.1:58232]", "15", 2, 5), (send.Pid, send.FdPath, send.Result, send.Started, send.Returned));
            Assert.Contains("HTTP/1.1 200 OK", send.Text, StringComparison.Ordinal);
            Assert.False(failed.Succeeded);
        }
        finally
        {
            File.Delete(path);
        }
    }
}
