using System.Buffers;
using System.Text.Json;
using Flux.Contract;
using Flux.Grains.Interfaces;
using Flux.Storage;

namespace Flux.Grains;

/// <summary>
/// The system entity <c>flux-core/directory</c> (docs/api.md §12). Not event-sourced: it is derived from the
/// entity index, recomputed on demand and by the silo's refresh timer, and after a restart recomputed
/// from state. Only properties whose value changed are rewritten and announced; lastUpdated moves only then.
/// </summary>
[GrainType("directory")]
public sealed class DirectoryGrain(IEntityIndex index, ChangeStream changes, TimeProvider time) : Grain, IDirectoryGrain
{
    private static readonly string[] PropertyNames = ["total_entities", "namespace_count", "namespaces", "unnamespaced_entities"];

    private byte[][]? _values;
    private EntityView? _view;

    public async Task<EntityView> GetAsync()
    {
        if (_view is null)
            await RefreshAsync();
        return _view!;
    }

    public async Task RefreshAsync()
    {
        var (namespaces, unnamespaced) = await index.GetNamespaceStatsAsync(NamespaceName.Reserved);
        var total = unnamespaced + namespaces.Sum(n => n.EntityCount);
        byte[][] values =
        [
            Json(w => w.WriteNumberValue(total)),
            Json(w => w.WriteNumberValue(namespaces.Count)),
            Json(w =>
            {
                w.WriteStartArray();
                foreach (var ns in namespaces)
                {
                    w.WriteStartObject();
                    w.WriteString("name", ns.Name);
                    w.WriteNumber("entity_count", ns.EntityCount);
                    w.WriteString("last_updated", ServerTime.Format(ns.LastUpdated));
                    w.WriteEndObject();
                }
                w.WriteEndArray();
            }),
            Json(w => w.WriteNumberValue(unnamespaced)),
        ];

        var changed = Enumerable.Range(0, values.Length)
            .Where(i => _values is null || !_values[i].AsSpan().SequenceEqual(values[i]))
            .ToArray();
        if (changed.Length == 0)
            return;

        var first = _values is null;
        var now = ServerTime.TruncateToMicroseconds(time.GetUtcNow());
        _values = values;
        _view = new EntityView(IDirectoryGrain.Key, ObjectOf(Enumerable.Range(0, values.Length)), now);
        if (!first)
        {
            using var patch = JsonDocument.Parse(ObjectOf(changed));
            changes.Announce(new PropertiesChanged(IDirectoryGrain.Key, now, patch.RootElement.Clone()));
        }

        byte[] ObjectOf(IEnumerable<int> indexes) => Json(w =>
        {
            w.WriteStartObject();
            foreach (var i in indexes)
            {
                w.WritePropertyName(PropertyNames[i]);
                w.WriteRawValue(values[i], skipInputValidation: true);
            }
            w.WriteEndObject();
        });
    }

    private static byte[] Json(Action<Utf8JsonWriter> write)
    {
        var buffer = new ArrayBufferWriter<byte>(256);
        using (var writer = new Utf8JsonWriter(buffer, FluxJson.WriterOptions))
            write(writer);
        return buffer.WrittenSpan.ToArray();
    }
}
