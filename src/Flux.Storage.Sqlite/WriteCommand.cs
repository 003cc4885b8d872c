namespace Flux.Storage.Sqlite;

/// <summary>A write other than an append (snapshot, namespace, pruning step), run inside a group commit.</summary>
internal abstract class WriteCommand : WriteRequest
{
    public abstract void Apply(WriterConnection connection);
}
