namespace Flux.Grains.Interfaces;

/// <summary>
/// Where a publisher counts the events it had accepted, for the figures of docs/api.md §11 (events.total, the rate,
/// active publishers): a gateway counts what its clients publish, a silo what its connectors publish.
/// </summary>
public interface IAcceptedEventCounter
{
    void Record(string source, int count);
}
