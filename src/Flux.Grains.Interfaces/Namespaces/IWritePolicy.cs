namespace Flux.Grains.Interfaces;

/// <summary>
/// How writes are admitted now, the same for events a client posts and those a namespace's connectors publish:
/// whether entities belong to namespaces (auth mode, docs/api.md §7) and the rate each namespace may write at, in
/// events per minute (0: no limit, §8).
/// </summary>
public interface IWritePolicy
{
    bool AuthEnabled { get; }

    int RatePerMinute { get; }
}
