namespace Flux.Runtime.Internal;

/// <summary>A grain call that had to wait in the mailbox; its caller awaits <see cref="Task"/>.</summary>
internal sealed class CallWorkItem<TGrain, TResult> : WorkItem where TGrain : IGrain
{
    private readonly IGrainCall<TGrain, TResult> _call;
    private readonly TaskCompletionSource<TResult> _completion = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private CancellationTokenRegistration _cancellation;

    public CallWorkItem(IGrainCall<TGrain, TResult> call, CancellationToken cancellationToken)
    {
        _call = call;
        if (cancellationToken.CanBeCanceled)
        {
            _cancellation = cancellationToken.UnsafeRegister(
                static (state, token) => ((TaskCompletionSource<TResult>)state!).TrySetCanceled(token), _completion);
        }
    }

    public Task<TResult> Task => _completion.Task;

    public override bool IsReadOnly => _call.IsReadOnly;

    public override bool IsAbandoned => _completion.Task.IsCompleted;

    public override void Execute() => _ = RunAsync(Owner!);

    private async Task RunAsync(Activation owner)
    {
        _cancellation.Dispose();
        if (IsAbandoned)
        {
            owner.EndTurn(IsReadOnly, touch: false);
            return;
        }

        try
        {
            var result = await _call.InvokeAsync((TGrain)(object)owner.Grain).ConfigureAwait(false);
            owner.EndTurn(IsReadOnly, touch: true);
            _completion.TrySetResult(result);
        }
        catch (Exception exception)
        {
            owner.EndTurn(IsReadOnly, touch: true);
            _completion.TrySetException(exception);
        }
    }

    public override void Forward(GrainRuntime runtime, GrainId id)
    {
        if (!IsAbandoned) runtime.Route(id, this);
    }

    public override void Fail(Exception exception)
    {
        _cancellation.Dispose();
        _completion.TrySetException(exception);
    }
}
