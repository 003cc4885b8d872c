using System.Text;
using Microsoft.Data.Sqlite;

namespace Flux.Storage.Sqlite;

/// <summary>
/// Listing and counting over the entity rows. Order is the id's UTF-8 byte order (= Unicode code point
/// order; it differs from UTF-16 ordinal order only between characters above U+FFFF and U+E000–U+FFFF).
/// Prefix and namespace filters are id ranges on the primary key: literal, case-sensitive, no wildcards.
/// </summary>
public sealed class SqliteEntityIndex : IEntityIndex
{
    private readonly EmbeddedStorage _storage;

    internal SqliteEntityIndex(EmbeddedStorage storage) => _storage = storage;

    public Task<IReadOnlyList<EntityRow>> ListAsync(EntityFilter filter, string? afterId, int limit, CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        using var connection = _storage.OpenReader();
        using var command = connection.CreateCommand();
        var sql = new StringBuilder("SELECT id, properties, last_updated FROM entities WHERE properties IS NOT NULL");
        AddFilter(command, sql, filter);
        if (afterId is not null)
        {
            sql.Append(" AND id > $after");
            SqliteRows.AddText(command, "$after", afterId);
        }

        sql.Append(" ORDER BY id LIMIT $limit");
        command.Parameters.AddWithValue("$limit", Math.Max(limit, 0));
        command.CommandText = sql.ToString();

        var rows = new List<EntityRow>();
        using var reader = command.ExecuteReader();
        while (reader.Read())
        {
            rows.Add(new EntityRow(SqliteRows.Text(reader, 0), SqliteRows.Bytes(reader, 1), SqliteRows.Time(reader, 2)));
        }

        return Task.FromResult<IReadOnlyList<EntityRow>>(rows);
    }

    public Task<long> CountAsync(EntityFilter filter, CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        using var connection = _storage.OpenReader();
        using var command = connection.CreateCommand();
        var sql = new StringBuilder("SELECT count(*) FROM entities WHERE properties IS NOT NULL");
        AddFilter(command, sql, filter);
        command.CommandText = sql.ToString();
        return Task.FromResult((long)command.ExecuteScalar()!);
    }

    public Task<(IReadOnlyList<NamespaceStats> Namespaces, long Unnamespaced)> GetNamespaceStatsAsync(
        string excludedNamespace, CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        using var connection = _storage.OpenReader();
        using var transaction = connection.BeginTransaction();
        var namespaces = new List<NamespaceStats>();
        using (var grouped = connection.CreateCommand())
        {
            grouped.Transaction = transaction;
            grouped.CommandText = """
                SELECT namespace, count(*), max(last_updated) FROM entities
                WHERE properties IS NOT NULL AND namespace IS NOT NULL AND namespace <> $excluded
                GROUP BY namespace ORDER BY namespace
                """;
            SqliteRows.AddText(grouped, "$excluded", excludedNamespace);
            using var reader = grouped.ExecuteReader();
            while (reader.Read())
            {
                namespaces.Add(new NamespaceStats(SqliteRows.Text(reader, 0), reader.GetInt64(1), SqliteRows.Time(reader, 2)));
            }
        }

        using var flat = connection.CreateCommand();
        flat.Transaction = transaction;
        flat.CommandText = "SELECT count(*) FROM entities WHERE properties IS NOT NULL AND namespace IS NULL";
        var unnamespaced = (long)flat.ExecuteScalar()!;
        return Task.FromResult<(IReadOnlyList<NamespaceStats>, long)>((namespaces, unnamespaced));
    }

    /// <summary>The SQL form of <see cref="EntityFilter.Matches"/>: prefixes become id ranges on the primary key.</summary>
    private static void AddFilter(SqliteCommand command, StringBuilder sql, EntityFilter filter)
    {
        if (filter.SelectsNothing)
        {
            sql.Append(" AND 0");
            return;
        }

        if (!string.IsNullOrEmpty(filter.Prefix))
        {
            AddRange(command, sql, IdRange.StartingWith(filter.Prefix), "prefix");
        }

        if (filter.NamespacePrefix is { } namespacePrefix)
        {
            AddRange(command, sql, IdRange.StartingWith(namespacePrefix), "namespace");
        }
    }

    private static void AddRange(SqliteCommand command, StringBuilder sql, IdRange range, string name)
    {
        sql.Append($" AND id >= ${name}_from");
        SqliteRows.AddText(command, $"${name}_from", range.From);
        if (range.Before is not null)
        {
            sql.Append($" AND id < ${name}_before");
            SqliteRows.AddText(command, $"${name}_before", range.Before);
        }
    }
}
