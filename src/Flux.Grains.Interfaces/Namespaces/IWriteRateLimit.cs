namespace Flux.Grains.Interfaces;

/// <summary>
/// The rate a namespace's writes are admitted at now, in events per minute (0: no limit): the same for events a
/// client posts and for those the namespace's connectors publish (docs/api.md §8).
/// </summary>
public interface IWriteRateLimit
{
    int PerMinute { get; }
}
