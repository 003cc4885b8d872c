using System.Collections.Concurrent;

namespace Flux.Runtime.Tests.Grains;

/// <summary>
/// What the probe grains saw, shared through DI (one per test's service provider). Turn counters are
/// per grain key so the overlap check is about one activation at a time.
/// </summary>
public sealed class Probe
{
    private readonly ConcurrentDictionary<string, TurnCounter> _turns = new();
    private int _activations;
    private int _activationFailures;
    private volatile bool _overlap;

    public ConcurrentQueue<string> Events { get; } = new();

    public ConcurrentQueue<(string Key, int Activation, DeactivationReason Reason)> Deactivations { get; } = new();

    /// <summary>OnActivateAsync awaits this long (widens the window for racing first calls).</summary>
    public TimeSpan ActivationDelay { get; set; }

    /// <summary>OnDeactivateAsync awaits this before finishing.</summary>
    public Task DeactivationGate { get; set; } = Task.CompletedTask;

    public int Activations => Volatile.Read(ref _activations);

    public int Ticks;

    public bool OverlapSeen => _overlap;

    public int MaxConcurrentReaders;

    public void FailNextActivations(int count) => Volatile.Write(ref _activationFailures, count);

    public bool TakeActivationFailure()
    {
        while (true)
        {
            var left = Volatile.Read(ref _activationFailures);
            if (left == 0) return false;
            if (Interlocked.CompareExchange(ref _activationFailures, left - 1, left) == left) return true;
        }
    }

    public int NextActivation() => Interlocked.Increment(ref _activations);

    public void Enter(string key, bool readOnly)
    {
        var turn = _turns.GetOrAdd(key, _ => new TurnCounter());
        lock (turn)
        {
            if (turn.Writers > 0 || (!readOnly && turn.Readers > 0)) _overlap = true;
            if (readOnly)
            {
                turn.Readers++;
                if (turn.Readers > MaxConcurrentReaders) MaxConcurrentReaders = turn.Readers;
            }
            else
            {
                turn.Writers++;
            }
        }
    }

    public void Exit(string key, bool readOnly)
    {
        var turn = _turns[key];
        lock (turn)
        {
            if (readOnly) turn.Readers--; else turn.Writers--;
        }
    }

    private sealed class TurnCounter
    {
        public int Readers;
        public int Writers;
    }
}
