using System.Text;
using Flux.Contract;
using Npgsql;
using NpgsqlTypes;

namespace Flux.Storage.Postgres;

/// <summary>How entity states are written to and read from <c>flux_entities</c> (see <see cref="FluxSchema"/>).</summary>
internal static class EntityRows
{
    /// <summary>
    /// One statement for the whole batch: the rows travel as five arrays, and a row is written unless the stored
    /// one has a higher position (an equal position replaces it, as in the embedded store: the log-less directory
    /// entity rewrites at one position). Ids must be distinct within a batch.
    /// </summary>
    private const string UpsertSql = """
        INSERT INTO flux_entities (id, namespace, properties, last_updated, position)
        SELECT * FROM unnest($1::bytea[], $2::bytea[], $3::bytea[], $4::timestamptz[], $5::bigint[])
        ON CONFLICT (id) DO UPDATE SET
            namespace = excluded.namespace, properties = excluded.properties,
            last_updated = excluded.last_updated, position = excluded.position
        WHERE excluded.position >= flux_entities.position
        """;

    public static async Task UpsertAsync(NpgsqlConnection connection, IReadOnlyList<EntitySnapshot> states, CancellationToken cancellationToken)
    {
        var ids = new byte[states.Count][];
        var namespaces = new byte[]?[states.Count];
        var properties = new byte[]?[states.Count];
        var times = new DateTime[states.Count];
        var positions = new long[states.Count];
        for (var i = 0; i < states.Count; i++)
        {
            var state = states[i];
            ids[i] = Id(state.Id);
            namespaces[i] = NamespaceOf(state.Id) is { } ns ? Encoding.UTF8.GetBytes(ns) : null;
            properties[i] = state.Properties?.ToArray();
            times[i] = Time(state.LastUpdated);
            positions[i] = state.Position;
        }

        await using var command = new NpgsqlCommand(UpsertSql, connection);
        command.Parameters.Add(new NpgsqlParameter { Value = ids, NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Bytea });
        command.Parameters.Add(new NpgsqlParameter { Value = namespaces, NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Bytea });
        command.Parameters.Add(new NpgsqlParameter { Value = properties, NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Bytea });
        command.Parameters.Add(new NpgsqlParameter { Value = times, NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.TimestampTz });
        command.Parameters.Add(new NpgsqlParameter { Value = positions, NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Bigint });
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <summary>The namespace the directory groups by: the non-empty text before the first '/', else none.</summary>
    public static string? NamespaceOf(string id) => EntityIds.NamespaceOf(id) is { Length: > 0 } ns ? ns : null;

    public static byte[] Id(string id) => Encoding.UTF8.GetBytes(id);

    public static string Id(byte[] bytes) => Encoding.UTF8.GetString(bytes);

    /// <summary>Microseconds, dropping sub-microsecond ticks as the embedded store does (docs/api.md §2.6).</summary>
    public static DateTime Time(DateTimeOffset time) => new(time.UtcTicks - time.UtcTicks % 10, DateTimeKind.Utc);

    public static DateTimeOffset Time(NpgsqlDataReader reader, int ordinal) => new(reader.GetFieldValue<DateTime>(ordinal), TimeSpan.Zero);

    /// <summary>
    /// The byte range [from, before) of ids starting with <paramref name="prefix"/>: before is the prefix with its
    /// last byte incremented (UTF-8 never holds 0xFF, so the increment cannot carry); an empty prefix has no bound.
    /// </summary>
    public static (byte[] From, byte[]? Before) RangeStartingWith(string prefix)
    {
        var from = Encoding.UTF8.GetBytes(prefix);
        if (from.Length == 0) return (from, null);
        var before = (byte[])from.Clone();
        before[^1]++;
        return (from, before);
    }
}
