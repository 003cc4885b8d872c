namespace Flux.Storage.Sqlite;

/// <summary>Work queued for the single writer; completed only after the transaction holding it committed.</summary>
internal abstract class WriteRequest
{
    public abstract void Complete();

    public abstract void Fail(Exception exception);
}
