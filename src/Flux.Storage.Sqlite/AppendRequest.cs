namespace Flux.Storage.Sqlite;

/// <summary>One appender's batch waiting for a group commit, and what the commit decided about each event.</summary>
internal sealed class AppendRequest(AppendBatch batch, ChangeStream changes) : WriteRequest
{
    private readonly TaskCompletionSource<IReadOnlyList<AppendResult>> _completion =
        new(TaskCreationOptions.RunContinuationsAsynchronously);

    public AppendBatch Batch { get; } = batch;

    public AppendResult[] Results { get; } = new AppendResult[batch.Events.Count];

    /// <summary>True when some event of the batch was already in the log; then its state is not written.</summary>
    public bool HasDuplicate { get; set; }

    public Task<IReadOnlyList<AppendResult>> Task => _completion.Task;

    public override void Complete()
    {
        // Announced before the appender resumes, and requests complete in log order: subscribers see changes
        // in log order, and a reader reacting to one queues behind the appending turn (docs/architecture.md §3, step 6).
        try
        {
            for (var i = 0; i < Results.Length; i++)
            {
                if (!Results[i].Duplicate && Batch.Events[i].Change is { } change)
                    changes.Announce(change);
            }
        }
        finally
        {
            _completion.TrySetResult(Results);
        }
    }

    public override void Fail(Exception exception) => _completion.TrySetException(exception);
}
