namespace Flux.Storage.Postgres;

/// <summary>
/// Migration 2: Flux's own tables.
///
/// <c>flux_entities</c> is both the snapshot store and the entity index: one row per entity, its state as of log
/// position <c>position</c>; <c>properties</c> NULL means it does not exist (deleted), and such rows are not listed
/// but keep their position so an older state cannot come back over the deletion.
///
/// Ids (and the namespace computed from them on write, for the directory's grouping) are stored as their UTF-8
/// bytes in <c>bytea</c>, not <c>text</c>: PostgreSQL text cannot hold U+0000, which a Flux id may contain, and
/// bytea compares bytewise, which is exactly the embedded store's order (SQLite BINARY over UTF-8 = code point
/// order). Prefix and namespace filters become byte ranges on the primary key. Properties are the exact UTF-8
/// JSON bytes the grains hand over (bytea: jsonb would reorder and reformat them, text would refuse U+0000).
/// Times are timestamptz, microseconds like the embedded store.
/// </summary>
internal static class FluxSchema
{
    public const string Sql = """
        CREATE TABLE IF NOT EXISTS flux_entities (
            id bytea PRIMARY KEY,
            namespace bytea,
            properties bytea,
            last_updated timestamptz NOT NULL,
            position bigint NOT NULL);

        CREATE TABLE IF NOT EXISTS flux_namespaces (
            name text COLLATE "C" PRIMARY KEY,
            namespace_id text NOT NULL,
            token_hash bytea NOT NULL,
            created_at timestamptz NOT NULL);

        CREATE INDEX IF NOT EXISTS flux_namespaces_by_token_hash ON flux_namespaces (token_hash);
        """;
}
