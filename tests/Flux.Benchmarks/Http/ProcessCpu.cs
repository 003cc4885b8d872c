using System.Globalization;

namespace Flux.Benchmarks.Http;

/// <summary>
/// CPU time a process has used (user + system, from /proc), so a figure can be given per request:
/// unlike a rate, it hardly moves when other work shares the machine.
/// </summary>
internal static class ProcessCpu
{
    private const double TicksPerSecond = 100; // USER_HZ on Linux

    public static TimeSpan Used(int processId) => FromStat($"/proc/{processId}/stat");

    /// <summary>CPU time used by the process's threads named <paramref name="threadName"/>.</summary>
    public static TimeSpan UsedByThreads(int processId, string threadName)
    {
        // The kernel keeps the first 15 bytes of a thread's name.
        var kept = threadName.Length > 15 ? threadName[..15] : threadName;
        var used = TimeSpan.Zero;
        foreach (var task in Directory.EnumerateDirectories($"/proc/{processId}/task"))
        {
            try
            {
                if (File.ReadAllText(Path.Combine(task, "comm")).TrimEnd('\n') == kept)
                    used += FromStat(Path.Combine(task, "stat"));
            }
            catch (IOException)
            {
                // the thread ended between listing and reading
            }
        }
        return used;
    }

    private static TimeSpan FromStat(string path)
    {
        var stat = File.ReadAllText(path);
        var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        var ticks = long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture);
        return TimeSpan.FromSeconds(ticks / TicksPerSecond);
    }
}
