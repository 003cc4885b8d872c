namespace Flux.Storage.Postgres;

/// <summary>
/// Migration 1: what Orleans' ADO.NET clustering provider (10.4.2) needs in PostgreSQL. No package ships this;
/// it is written from the provider's contract, which is by name:
/// <list type="bullet">
/// <item>At start the provider reads <c>SELECT QueryKey, QueryText FROM OrleansQuery</c> and fails unless every key
/// it knows is present; it then runs those texts with named parameters (<c>@DeploymentId</c>, <c>@Address</c>,
/// <c>@Port</c>, <c>@Generation</c>, <c>@SiloName</c>, <c>@HostName</c>, <c>@Status</c>, <c>@ProxyPort</c>,
/// <c>@SuspectTimes</c>, <c>@StartTime</c>, <c>@IAmAliveTime</c>, <c>@Version</c>) and reads result columns by name.</item>
/// <item>Writes are optimistic on the deployment's single version row: an insert or update of a silo's row
/// happens only if <c>@Version</c> is still the stored version, and bumps it in the same statement; the query
/// answers 1 (done) or 0 (lost the race, Orleans re-reads and retries). The version row is locked first
/// (<c>FOR UPDATE</c>), so a concurrent writer either sees our bump or waits for it, and a silo's row never
/// changes without the version moving.</item>
/// <item>Status numbers are Orleans' <c>SiloStatus</c>: 3 Active, 6 Dead.</item>
/// </list>
/// Unquoted names fold to lower case in PostgreSQL; the provider matches columns case-insensitively.
/// </summary>
internal static class OrleansClusteringSchema
{
    public const string Sql = """
        CREATE TABLE IF NOT EXISTS OrleansQuery (
            QueryKey varchar(64) PRIMARY KEY,
            QueryText varchar(8000) NOT NULL);

        -- One row per deployment (cluster id); Version moves on every membership change.
        CREATE TABLE IF NOT EXISTS OrleansMembershipVersionTable (
            DeploymentId varchar(150) PRIMARY KEY,
            Timestamp timestamptz(3) NOT NULL DEFAULT now(),
            Version integer NOT NULL DEFAULT 0);

        -- One row per silo incarnation (address, port and generation, which is its start time).
        CREATE TABLE IF NOT EXISTS OrleansMembershipTable (
            DeploymentId varchar(150) NOT NULL REFERENCES OrleansMembershipVersionTable (DeploymentId),
            Address varchar(45) NOT NULL,
            Port integer NOT NULL,
            Generation integer NOT NULL,
            SiloName varchar(150) NOT NULL,
            HostName varchar(150) NOT NULL,
            Status integer NOT NULL,
            ProxyPort integer,
            SuspectTimes varchar(8000),
            StartTime timestamptz(3) NOT NULL,
            IAmAliveTime timestamptz(3) NOT NULL,
            PRIMARY KEY (DeploymentId, Address, Port, Generation));

        INSERT INTO OrleansQuery (QueryKey, QueryText) VALUES
        ('InsertMembershipVersionKey', '
            WITH created AS (
                INSERT INTO OrleansMembershipVersionTable (DeploymentId) VALUES (@DeploymentId)
                ON CONFLICT (DeploymentId) DO NOTHING
                RETURNING 1)
            SELECT count(*)::integer FROM created'),

        ('InsertMembershipKey', '
            WITH current_version AS (
                SELECT DeploymentId FROM OrleansMembershipVersionTable
                WHERE DeploymentId = @DeploymentId AND Version = @Version
                FOR UPDATE),
            joined AS (
                INSERT INTO OrleansMembershipTable
                    (DeploymentId, Address, Port, Generation, SiloName, HostName, Status, ProxyPort, StartTime, IAmAliveTime)
                SELECT DeploymentId, @Address, @Port, @Generation, @SiloName, @HostName, @Status, @ProxyPort, @StartTime, @IAmAliveTime
                FROM current_version
                ON CONFLICT (DeploymentId, Address, Port, Generation) DO NOTHING
                RETURNING DeploymentId),
            bumped AS (
                UPDATE OrleansMembershipVersionTable SET Version = Version + 1, Timestamp = now()
                WHERE DeploymentId IN (SELECT DeploymentId FROM joined)
                RETURNING 1)
            SELECT count(*)::integer FROM bumped'),

        ('UpdateMembershipKey', '
            WITH current_version AS (
                SELECT DeploymentId FROM OrleansMembershipVersionTable
                WHERE DeploymentId = @DeploymentId AND Version = @Version
                FOR UPDATE),
            changed AS (
                UPDATE OrleansMembershipTable AS member
                SET Status = @Status, SuspectTimes = @SuspectTimes, IAmAliveTime = @IAmAliveTime
                FROM current_version
                WHERE member.DeploymentId = current_version.DeploymentId
                    AND member.Address = @Address AND member.Port = @Port AND member.Generation = @Generation
                RETURNING member.DeploymentId),
            bumped AS (
                UPDATE OrleansMembershipVersionTable SET Version = Version + 1, Timestamp = now()
                WHERE DeploymentId IN (SELECT DeploymentId FROM changed)
                RETURNING 1)
            SELECT count(*)::integer FROM bumped'),

        -- A heartbeat: not versioned, never contended (only the silo itself writes its liveness).
        ('UpdateIAmAlivetimeKey', '
            UPDATE OrleansMembershipTable SET IAmAliveTime = @IAmAliveTime
            WHERE DeploymentId = @DeploymentId AND Address = @Address AND Port = @Port AND Generation = @Generation'),

        -- Both reads return the version row even when no silo row matches (LEFT JOIN): Orleans takes the version from it.
        ('MembershipReadRowKey', '
            SELECT version.DeploymentId, member.Address, member.Port, member.Generation, member.SiloName,
                   member.HostName, member.Status, member.ProxyPort, member.SuspectTimes, member.StartTime,
                   member.IAmAliveTime, version.Version
            FROM OrleansMembershipVersionTable AS version
            LEFT JOIN OrleansMembershipTable AS member
                ON member.DeploymentId = version.DeploymentId
                AND member.Address = @Address AND member.Port = @Port AND member.Generation = @Generation
            WHERE version.DeploymentId = @DeploymentId'),

        ('MembershipReadAllKey', '
            SELECT version.DeploymentId, member.Address, member.Port, member.Generation, member.SiloName,
                   member.HostName, member.Status, member.ProxyPort, member.SuspectTimes, member.StartTime,
                   member.IAmAliveTime, version.Version
            FROM OrleansMembershipVersionTable AS version
            LEFT JOIN OrleansMembershipTable AS member ON member.DeploymentId = version.DeploymentId
            WHERE version.DeploymentId = @DeploymentId'),

        ('GatewaysQueryKey', '
            SELECT Address, ProxyPort, Generation FROM OrleansMembershipTable
            WHERE DeploymentId = @DeploymentId AND Status = @Status AND ProxyPort > 0'),

        ('DeleteMembershipTableEntriesKey', '
            DELETE FROM OrleansMembershipTable WHERE DeploymentId = @DeploymentId;
            DELETE FROM OrleansMembershipVersionTable WHERE DeploymentId = @DeploymentId'),

        -- Removes rows of silos declared dead before the cut-off and not suspected since; live rows are never touched.
        ('CleanupDefunctSiloEntriesKey', '
            DELETE FROM OrleansMembershipTable
            WHERE DeploymentId = @DeploymentId AND Status = 6
                AND IAmAliveTime < @IAmAliveTime AND StartTime < @IAmAliveTime
                AND coalesce(SuspectTimes, '''') = '''''),

        -- Removes one dead silo's row only if it is still exactly as the caller read it.
        ('CleanupDefunctSiloEntryKey', '
            DELETE FROM OrleansMembershipTable
            WHERE DeploymentId = @DeploymentId AND Status = 6
                AND Address = @Address AND Port = @Port AND Generation = @Generation
                AND StartTime = @StartTime AND IAmAliveTime = @IAmAliveTime
                AND SuspectTimes IS NOT DISTINCT FROM @SuspectTimes')
        ON CONFLICT (QueryKey) DO NOTHING;
        """;
}
