using Flux.Runtime;

namespace Flux.Runtime.Tests.Grains;

public sealed class ProbeGrain(Probe probe) : Grain, IProbeGrain
{
    private readonly List<int> _sequence = [];
    private int _activation;

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        _activation = probe.NextActivation();
        probe.Events.Enqueue($"activate {Key} #{_activation}");
        if (probe.ActivationDelay > TimeSpan.Zero) await Task.Delay(probe.ActivationDelay, cancellationToken);
        if (probe.TakeActivationFailure()) throw new InvalidOperationException($"activation of {Key} failed on purpose");
    }

    public override async Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        probe.Events.Enqueue($"deactivating {Key} #{_activation}");
        await probe.DeactivationGate;
        probe.Deactivations.Enqueue((Key, _activation, reason));
        probe.Events.Enqueue($"deactivated {Key} #{_activation}");
    }

    public async Task<int> WriteAsync(Task gate)
    {
        probe.Enter(Key, readOnly: false);
        probe.Events.Enqueue($"write-enter {Key}");
        await gate;
        probe.Events.Enqueue($"write-exit {Key}");
        probe.Exit(Key, readOnly: false);
        return _activation;
    }

    public async Task<int> ReadAsync(Task gate)
    {
        probe.Enter(Key, readOnly: true);
        probe.Events.Enqueue($"read-enter {Key}");
        await gate;
        probe.Events.Enqueue($"read-exit {Key}");
        probe.Exit(Key, readOnly: true);
        return _activation;
    }

    public async Task<int> AppendAsync(int value)
    {
        probe.Enter(Key, readOnly: false);
        await Task.Yield();
        _sequence.Add(value);
        probe.Exit(Key, readOnly: false);
        return _sequence.Count;
    }

    public Task<int[]> GetSequenceAsync() => Task.FromResult(_sequence.ToArray());

    public Task<int> GetActivationAsync() => Task.FromResult(_activation);

    public Task<int> ThrowAsync() => throw new InvalidOperationException($"call on {Key} failed on purpose");

    public Task<int> DeactivateOnIdleAsync()
    {
        DeactivateOnIdle();
        return Task.FromResult(_activation);
    }

    public Task<int> StartTimerAsync(TimeSpan period)
    {
        RegisterTimer(_ =>
        {
            probe.Enter(Key, readOnly: false);
            Interlocked.Increment(ref probe.Ticks);
            probe.Events.Enqueue($"tick {Key}");
            probe.Exit(Key, readOnly: false);
            return Task.CompletedTask;
        }, period, period);
        return Task.FromResult(_activation);
    }
}
