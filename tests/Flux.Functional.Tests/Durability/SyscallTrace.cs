namespace Flux.Functional.Tests.Durability;

/// <summary>
/// One system call from an strace log: the lines where it started and where it returned (the order
/// strace saw them in), and its text, the two halves joined when strace split it.
/// </summary>
public sealed class Syscall(int pid, string name, string time, int started, int returned, string text)
{
    public int Pid => pid;

    public string Name => name;

    public int Started => started;

    public int Returned => returned;

    public string Text => text;

    /// <summary>What -yy decoded the first argument's fd to: "/data/flux.db-wal", "TCP:[a->b]"; empty if none.</summary>
    public string FdPath { get; } = DecodedFd(text);

    /// <summary>The return value as strace printed it: "0", "4096", "-1 EIO (Input/output error)".</summary>
    public string Result { get; } = text[(text.LastIndexOf(") = ", StringComparison.Ordinal) + 4)..].Trim();

    public bool Succeeded => Result.Length > 0 && char.IsAsciiDigit(Result[0]);

    public override string ToString() => $"line {started + 1} [{pid} {time}] {(text.Length > 120 ? text[..120] + "…" : text)}";

    /// <summary>"pwrite64(12</d/flux.db-wal>, …" gives "/d/flux.db-wal"; a socket's "TCP:[a->b]" holds a '>' itself.</summary>
    private static string DecodedFd(string text)
    {
        var digits = text.IndexOf('(', StringComparison.Ordinal) + 1;
        var open = digits;
        while (open < text.Length && char.IsAsciiDigit(text[open]))
            open++;
        if (open == digits || open == text.Length || text[open] != '<')
            return "";
        var beforeArgument = text.IndexOf(">, ", open, StringComparison.Ordinal);
        var beforeClose = text.IndexOf(">)", open, StringComparison.Ordinal);
        var close = beforeArgument < 0 ? beforeClose : beforeClose < 0 ? beforeArgument : Math.Min(beforeArgument, beforeClose);
        return close < 0 ? "" : text[(open + 1)..close];
    }
}

/// <summary>
/// Reads the log of `strace -f -tt -yy -o FILE`. A line is "PID HH:MM:SS.micro call(args) = result"
/// ("[pid PID] …" when strace writes to a terminal). When another thread's call comes in between, strace
/// splits a call into "call(args &lt;unfinished ...>" and, later, "&lt;... call resumed>rest) = result".
/// Signals ("--- SIG… ---") and exits ("+++ exited with 0 +++") are not calls and are left out.
/// </summary>
public static class SyscallTrace
{
    private const string Unfinished = " <unfinished ...>";
    private const string Resumed = " resumed>";

    public static List<Syscall> Read(string path)
    {
        var calls = new List<Syscall>();
        var unfinished = new Dictionary<int, (string Name, string Time, int Started, string Text)>();
        var number = -1;
        foreach (var line in File.ReadLines(path))
        {
            number++;
            if (!TrySplit(line, out var pid, out var time, out var rest))
                continue;
            if (rest.StartsWith("<... ", StringComparison.Ordinal))
            {
                var end = rest.IndexOf(Resumed, StringComparison.Ordinal);
                if (end >= 0 && unfinished.Remove(pid, out var start))
                    calls.Add(new Syscall(pid, start.Name, start.Time, start.Started, number, start.Text + rest[(end + Resumed.Length)..]));
                continue;
            }

            var paren = rest.IndexOf('(', StringComparison.Ordinal);
            if (paren <= 0 || !rest[..paren].All(c => char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c) || c == '_'))
                continue;
            if (rest.EndsWith(Unfinished, StringComparison.Ordinal))
                unfinished[pid] = (rest[..paren], time, number, rest[..^Unfinished.Length]);
            else
                calls.Add(new Syscall(pid, rest[..paren], time, number, number, rest));
        }
        return calls;
    }

    /// <summary>Splits off the "PID " or "[pid PID] " prefix and the time stamp.</summary>
    private static bool TrySplit(string line, out int pid, out string time, out string rest)
    {
        pid = 0;
        time = rest = "";
        var bracketed = line.StartsWith("[pid", StringComparison.Ordinal);
        var pidEnd = bracketed ? line.IndexOf(']', StringComparison.Ordinal) : line.IndexOf(' ', StringComparison.Ordinal);
        if (pidEnd <= 0 || !int.TryParse(bracketed ? line.AsSpan(4, pidEnd - 4).Trim() : line.AsSpan(0, pidEnd), out pid))
            return false;
        var after = line.AsSpan(pidEnd + 1).TrimStart();
        var stampEnd = after.IndexOf(' ');
        if (stampEnd <= 0 || !char.IsAsciiDigit(after[0]))
            return false;
        time = after[..stampEnd].ToString();
        rest = after[(stampEnd + 1)..].ToString();
        return true;
    }
}
