namespace Flux.Storage.Postgres;

/// <summary>
/// Migration 3: connector credentials (sealed by <see cref="CredentialVault"/>, opaque here) and OAuth states, shared
/// by every gateway and silo so a provider's redirect may reach any gateway and any silo may poll.
/// </summary>
internal static class CredentialSchema
{
    public const string Sql = """
        CREATE TABLE IF NOT EXISTS flux_connector_credentials (
            owner text COLLATE "C" NOT NULL,
            connector text COLLATE "C" NOT NULL,
            sealed bytea NOT NULL,
            updated_at timestamptz NOT NULL,
            PRIMARY KEY (owner, connector));

        CREATE TABLE IF NOT EXISTS flux_oauth_states (
            state text COLLATE "C" PRIMARY KEY,
            connector text NOT NULL,
            owner text NOT NULL,
            redirect_uri text NOT NULL,
            issued_at timestamptz NOT NULL);
        """;
}
