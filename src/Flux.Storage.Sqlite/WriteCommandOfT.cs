namespace Flux.Storage.Sqlite;

/// <summary>A write command with a result, handed to the caller once the group commits.</summary>
internal sealed class WriteCommand<T>(Func<WriterConnection, T> apply) : WriteCommand
{
    private readonly TaskCompletionSource<T> _completion = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private T? _result;

    public Task<T> Task => _completion.Task;

    public override void Apply(WriterConnection connection) => _result = apply(connection);

    public override void Complete() => _completion.TrySetResult(_result!);

    public override void Fail(Exception exception) => _completion.TrySetException(exception);
}
