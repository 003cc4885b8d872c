namespace Flux.Gateway.Configuration;

/// <summary>The current <see cref="RuntimeLimits"/>; a change takes effect for the next request.</summary>
public sealed class RuntimeLimitsStore(FluxOptions options)
{
    private RuntimeLimits _current = options.InitialLimits;

    public RuntimeLimits Current => Volatile.Read(ref _current);

    public RuntimeLimits Update(Func<RuntimeLimits, RuntimeLimits> change)
    {
        while (true)
        {
            var before = Current;
            var after = change(before);
            if (Interlocked.CompareExchange(ref _current, after, before) == before)
                return after;
        }
    }
}
