using System.Text;
using Npgsql;

namespace Flux.Storage.Postgres;

/// <summary>
/// Listing and counting over <c>flux_entities</c>, in the embedded store's order: the id's UTF-8 bytes (code point
/// order). Prefix and namespace filters are byte ranges on the primary key: literal, case-sensitive, no wildcards.
/// </summary>
public sealed class PostgresEntityIndex(PostgresDatabase database) : IEntityIndex
{
    public Task<IReadOnlyList<EntityRow>> ListAsync(EntityFilter filter, string? afterId, int limit, CancellationToken cancellationToken = default) =>
        database.RunAsync<IReadOnlyList<EntityRow>>(async (connection, ct) =>
        {
            await using var command = new NpgsqlCommand { Connection = connection };
            var sql = new StringBuilder("SELECT id, properties, last_updated FROM flux_entities WHERE properties IS NOT NULL");
            AddFilter(command, sql, filter);
            if (afterId is not null) sql.Append(" AND id > ").Append(Add(command, EntityRows.Id(afterId)));
            sql.Append(" ORDER BY id LIMIT ").Append(Add(command, Math.Max(limit, 0)));
            command.CommandText = sql.ToString();

            var rows = new List<EntityRow>();
            await using var reader = await command.ExecuteReaderAsync(ct);
            while (await reader.ReadAsync(ct))
            {
                rows.Add(new EntityRow(EntityRows.Id(reader.GetFieldValue<byte[]>(0)), reader.GetFieldValue<byte[]>(1), EntityRows.Time(reader, 2)));
            }

            return rows;
        }, cancellationToken);

    public Task<long> CountAsync(EntityFilter filter, CancellationToken cancellationToken = default) =>
        database.RunAsync(async (connection, ct) =>
        {
            await using var command = new NpgsqlCommand { Connection = connection };
            var sql = new StringBuilder("SELECT count(*) FROM flux_entities WHERE properties IS NOT NULL");
            AddFilter(command, sql, filter);
            command.CommandText = sql.ToString();
            return (long)(await command.ExecuteScalarAsync(ct))!;
        }, cancellationToken);

    public Task<(IReadOnlyList<NamespaceStats> Namespaces, long Unnamespaced)> GetNamespaceStatsAsync(
        string excludedNamespace, CancellationToken cancellationToken = default) =>
        database.RunAsync<(IReadOnlyList<NamespaceStats>, long)>(async (connection, ct) =>
        {
            // One statement, so the namespaces and the unnamespaced count are one consistent view: the NULL group
            // (ids without a namespace) comes first and is the unnamespaced count.
            await using var command = new NpgsqlCommand("""
                SELECT namespace, count(*), max(last_updated) FROM flux_entities
                WHERE properties IS NOT NULL AND (namespace IS NULL OR namespace <> $1)
                GROUP BY namespace ORDER BY namespace NULLS FIRST
                """, connection);
            command.Parameters.Add(new NpgsqlParameter<byte[]> { TypedValue = Encoding.UTF8.GetBytes(excludedNamespace) });
            var namespaces = new List<NamespaceStats>();
            long unnamespaced = 0;
            await using var reader = await command.ExecuteReaderAsync(ct);
            while (await reader.ReadAsync(ct))
            {
                if (reader.IsDBNull(0))
                    unnamespaced = reader.GetInt64(1);
                else
                    namespaces.Add(new NamespaceStats(EntityRows.Id(reader.GetFieldValue<byte[]>(0)), reader.GetInt64(1), EntityRows.Time(reader, 2)));
            }

            return (namespaces, unnamespaced);
        }, cancellationToken);

    /// <summary>The SQL form of <see cref="EntityFilter.Matches"/>: prefixes become id ranges on the primary key.</summary>
    private static void AddFilter(NpgsqlCommand command, StringBuilder sql, EntityFilter filter)
    {
        if (filter.SelectsNothing)
        {
            sql.Append(" AND false");
            return;
        }

        if (!string.IsNullOrEmpty(filter.Prefix)) AddRange(command, sql, filter.Prefix);
        if (filter.NamespacePrefix is { } namespacePrefix) AddRange(command, sql, namespacePrefix);
    }

    private static void AddRange(NpgsqlCommand command, StringBuilder sql, string prefix)
    {
        var (from, before) = EntityRows.RangeStartingWith(prefix);
        sql.Append(" AND id >= ").Append(Add(command, from));
        if (before is not null) sql.Append(" AND id < ").Append(Add(command, before));
    }

    /// <summary>Adds a positional parameter and returns its placeholder.</summary>
    private static string Add<T>(NpgsqlCommand command, T value)
    {
        command.Parameters.Add(new NpgsqlParameter<T> { TypedValue = value });
        return "$" + command.Parameters.Count;
    }
}
