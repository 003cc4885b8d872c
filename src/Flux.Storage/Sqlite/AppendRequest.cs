namespace Flux.Storage.Sqlite;

/// <summary>One appender's batch waiting for a group commit, and what the commit decided about each event.</summary>
internal sealed class AppendRequest(AppendBatch batch) : WriteRequest
{
    private readonly TaskCompletionSource<IReadOnlyList<AppendResult>> _completion =
        new(TaskCreationOptions.RunContinuationsAsynchronously);

    public AppendBatch Batch { get; } = batch;

    public AppendResult[] Results { get; } = new AppendResult[batch.Events.Count];

    /// <summary>True when some event of the batch was already in the log; then neither its state is written nor its OnCommitted run.</summary>
    public bool HasDuplicate { get; set; }

    public Task<IReadOnlyList<AppendResult>> Task => _completion.Task;

    public override void Complete()
    {
        try
        {
            if (!HasDuplicate)
                Batch.OnCommitted?.Invoke();
        }
        finally
        {
            _completion.TrySetResult(Results);
        }
    }

    public override void Fail(Exception exception) => _completion.TrySetException(exception);
}
