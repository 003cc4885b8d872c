namespace Flux.Storage;

/// <summary>Durable registry of namespaces.</summary>
public interface INamespaceStore
{
    /// <summary>Stores the namespace unless the name is taken; false if it was. Atomic.</summary>
    Task<bool> TryCreateAsync(NamespaceRecord record, CancellationToken cancellationToken = default);

    Task<NamespaceRecord?> GetAsync(string name, CancellationToken cancellationToken = default);

    /// <summary>Removes the namespace; false if it was not registered.</summary>
    Task<bool> DeleteAsync(string name, CancellationToken cancellationToken = default);
}
