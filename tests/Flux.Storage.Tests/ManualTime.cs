namespace Flux.Storage.Tests;

/// <summary>A clock that stands still at a given time.</summary>
internal sealed class ManualTime(DateTimeOffset now) : TimeProvider
{
    public override DateTimeOffset GetUtcNow() => now;
}
