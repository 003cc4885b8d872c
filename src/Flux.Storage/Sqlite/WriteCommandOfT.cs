namespace Flux.Storage.Sqlite;

/// <summary>A write command with a result, handed to the caller once the group commits.</summary>
internal sealed class WriteCommand<T>(Func<WriterConnection, T> apply) : WriteCommand
{
    private readonly TaskCompletionSource<T> completion = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private T? result;

    public Task<T> Task => completion.Task;

    public override void Apply(WriterConnection connection) => result = apply(connection);

    public override void Complete() => completion.TrySetResult(result!);

    public override void Fail(Exception exception) => completion.TrySetException(exception);
}
