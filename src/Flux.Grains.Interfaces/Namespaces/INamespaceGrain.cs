using Orleans.Concurrency;

namespace Flux.Grains.Interfaces;

/// <summary>One namespace (key: its name): the registration, its token hash and its rate-limit bucket.</summary>
[Alias("flux.INamespaceGrain")]
public interface INamespaceGrain : IGrainWithStringKey
{
    /// <summary>Registers the namespace with a fresh token; null when the name is already registered.</summary>
    [Alias("Register")]
    Task<RegisteredNamespace?> RegisterAsync();

    /// <summary>The registration with its current entity count; null when not registered.</summary>
    [ReadOnly, Alias("GetInfo")]
    Task<NamespaceInfo?> GetInfoAsync();

    /// <summary>Removes the registration (its entities stay); false when it was not registered.</summary>
    [Alias("Remove")]
    Task<bool> RemoveAsync();

    /// <summary>Checks the token for writing <paramref name="count"/> events and takes that many from the bucket
    /// (<paramref name="ratePerMinute"/> 0 = no limit).</summary>
    [Alias("AdmitWrites")]
    Task<WriteAdmission> AdmitWritesAsync(string token, int count, int ratePerMinute);

    /// <summary>
    /// Takes <paramref name="count"/> events from the bucket for writes the namespace makes through its own connectors,
    /// which act on credentials its token stored and so carry no token.
    /// </summary>
    [Alias("AdmitOwnWrites")]
    Task<WriteAdmission> AdmitOwnWritesAsync(int count, int ratePerMinute);

    /// <summary>Whether <paramref name="token"/> is this namespace's token (constant-time check).</summary>
    [ReadOnly, Alias("IsToken")]
    Task<bool> IsTokenAsync(string token);
}
