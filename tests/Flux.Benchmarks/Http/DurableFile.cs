namespace Flux.Benchmarks.Http;

/// <summary>
/// The least a durable write needs, for the raw Kestrel limit: appends wait in a queue, one thread writes
/// everything queued to the end of a file with one write, fsyncs it once, and only then answers the whole
/// group. No index, no dedupe, no state: what remains is the cost of group-committed fsyncs on this machine.
/// The hand-off is the one Flux's storage writer uses (a locked list swapped per group), on purpose, so
/// the two differ only in what a group writes: a file append here, a SQLite transaction there.
/// </summary>
internal sealed class DurableFile : IDisposable
{
    private readonly FileStream file;
    private readonly object gate = new();
    private readonly Thread thread;
    private List<(byte[] Record, TaskCompletionSource Done)> queue = [];
    private List<(byte[] Record, TaskCompletionSource Done)> group = [];
    private bool stopping;

    public DurableFile(string path)
    {
        file = new FileStream(path, FileMode.Append, FileAccess.Write, FileShare.Read, bufferSize: 0);
        thread = new Thread(Run) { IsBackground = true, Name = "raw fsync writer" };
        thread.Start();
    }

    public Task AppendAsync(byte[] record)
    {
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        lock (gate)
        {
            queue.Add((record, done));
            if (queue.Count == 1)
                Monitor.Pulse(gate);
        }
        return done.Task;
    }

    public void Dispose()
    {
        lock (gate)
        {
            stopping = true;
            Monitor.Pulse(gate);
        }
        thread.Join();
        file.Dispose();
    }

    private void Run()
    {
        var buffer = new MemoryStream();
        while (true)
        {
            lock (gate)
            {
                while (queue.Count == 0 && !stopping)
                    Monitor.Wait(gate);
                if (queue.Count == 0)
                    return;
                (queue, group) = (group, queue);
            }

            buffer.SetLength(0);
            foreach (var (record, _) in group)
            {
                buffer.Write(BitConverter.GetBytes(record.Length));
                buffer.Write(record);
            }
            file.Write(buffer.GetBuffer(), 0, (int)buffer.Length);
            file.Flush(flushToDisk: true);
            foreach (var (_, done) in group)
                done.SetResult();
            group.Clear();
        }
    }
}
