namespace Flux.Storage;

/// <summary>Durable registry of namespaces.</summary>
public interface INamespaceStore
{
    /// <summary>Stores the namespace unless the name is taken; false if it was. Atomic.</summary>
    Task<bool> TryCreateAsync(NamespaceRecord record, CancellationToken cancellationToken = default);

    Task<NamespaceRecord?> GetAsync(string name, CancellationToken cancellationToken = default);

    /// <summary>
    /// The name of the namespace whose token hashes to <paramref name="tokenHash"/>, or null. Only for telling a
    /// client which namespace its token belongs to after it was refused; admission compares in constant time.
    /// </summary>
    Task<string?> FindByTokenHashAsync(byte[] tokenHash, CancellationToken cancellationToken = default);

    /// <summary>Removes the namespace; false if it was not registered.</summary>
    Task<bool> DeleteAsync(string name, CancellationToken cancellationToken = default);
}
