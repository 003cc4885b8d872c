using Microsoft.Extensions.Options;

namespace Flux.Gateway.Configuration;

/// <summary>The current <see cref="RuntimeLimits"/>, starting from configuration; a change takes effect for the next request.</summary>
public sealed class RuntimeLimitsStore(IOptions<RuntimeLimits> configured)
{
    private RuntimeLimits _current = configured.Value;

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
