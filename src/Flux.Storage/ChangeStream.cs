using System.Threading.Channels;
using Flux.Contract;

namespace Flux.Storage;

/// <summary>
/// Where readers learn of changes, in log order (docs/architecture.md §3, step 6). In the embedded
/// profile the store announces each stored event's change right after its commit, before the appending grain
/// resumes, and the directory announces the properties it recomputed; the gateway reads them and fans them
/// out to subscribers. In the cluster the log itself is this source. Announcing never blocks.
/// </summary>
public sealed class ChangeStream
{
    private readonly Channel<EntityChange> _changes = Channel.CreateUnbounded<EntityChange>(new UnboundedChannelOptions { SingleReader = true });

    public void Announce(EntityChange change) => _changes.Writer.TryWrite(change);

    /// <summary>The one reader: the gateway's subscription registry.</summary>
    public ChannelReader<EntityChange> Reader => _changes.Reader;
}
