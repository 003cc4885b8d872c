namespace Flux.Grains.Interfaces;

/// <summary>
/// Where grains announce applied changes, for live subscribers. Called in log order per entity, after
/// the change is durable; implementations must not block (they queue and return).
/// </summary>
public interface IChangeFeed
{
    void Publish(EntityChange change);
}
