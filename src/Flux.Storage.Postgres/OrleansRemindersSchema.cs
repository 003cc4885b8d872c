namespace Flux.Storage.Postgres;

/// <summary>
/// Migration 4: what Orleans' ADO.NET reminder provider (Microsoft.Orleans.Reminders.AdoNet 10.4.2, Invariant
/// "Npgsql") needs, written from its contract as <see cref="OrleansClusteringSchema"/> is: it loads the rows of
/// <c>OrleansQuery</c> at start and fails unless each reminder key is present, runs them with named parameters
/// (<c>@ServiceId</c>, <c>@GrainId</c>, <c>@ReminderName</c>, <c>@StartTime</c>, <c>@Period</c> in milliseconds,
/// <c>@GrainHash</c>, <c>@BeginHash</c>, <c>@EndHash</c>, <c>@Version</c>) and reads columns by name.
/// <list type="bullet">
/// <item>An upsert answers the row's new <c>Version</c>, which is the reminder's ETag.</item>
/// <item>A delete happens only at the caller's version and answers whether it did.</item>
/// <item>Grain hashes are unsigned 32-bit numbers the provider passes as signed integers; a silo reads its ring
/// range with the first range query when it does not wrap around and with the second when it does.</item>
/// </list>
/// Flux's connector pollers hold one reminder each, so a poller comes back on another silo after a failover.
/// </summary>
internal static class OrleansRemindersSchema
{
    public const string Sql = """
        CREATE TABLE IF NOT EXISTS OrleansRemindersTable (
            ServiceId varchar(150) NOT NULL,
            GrainId varchar(150) NOT NULL,
            ReminderName varchar(150) NOT NULL,
            StartTime timestamptz(3) NOT NULL,
            Period bigint NOT NULL,
            GrainHash integer NOT NULL,
            Version integer NOT NULL,
            PRIMARY KEY (ServiceId, GrainId, ReminderName));

        INSERT INTO OrleansQuery (QueryKey, QueryText) VALUES
        ('UpsertReminderRowKey', '
            INSERT INTO OrleansRemindersTable (ServiceId, GrainId, ReminderName, StartTime, Period, GrainHash, Version)
            VALUES (@ServiceId, @GrainId, @ReminderName, @StartTime, @Period, @GrainHash, 0)
            ON CONFLICT (ServiceId, GrainId, ReminderName) DO UPDATE
                SET StartTime = excluded.StartTime, Period = excluded.Period, GrainHash = excluded.GrainHash,
                    Version = OrleansRemindersTable.Version + 1
            RETURNING Version'),

        ('ReadReminderRowsKey', '
            SELECT GrainId, ReminderName, StartTime, Period, Version FROM OrleansRemindersTable
            WHERE ServiceId = @ServiceId AND GrainId = @GrainId'),

        ('ReadReminderRowKey', '
            SELECT GrainId, ReminderName, StartTime, Period, Version FROM OrleansRemindersTable
            WHERE ServiceId = @ServiceId AND GrainId = @GrainId AND ReminderName = @ReminderName'),

        ('ReadRangeRows1Key', '
            SELECT GrainId, ReminderName, StartTime, Period, Version FROM OrleansRemindersTable
            WHERE ServiceId = @ServiceId AND GrainHash > @BeginHash AND GrainHash <= @EndHash'),

        ('ReadRangeRows2Key', '
            SELECT GrainId, ReminderName, StartTime, Period, Version FROM OrleansRemindersTable
            WHERE ServiceId = @ServiceId AND (GrainHash > @BeginHash OR GrainHash <= @EndHash)'),

        ('DeleteReminderRowKey', '
            WITH deleted AS (
                DELETE FROM OrleansRemindersTable
                WHERE ServiceId = @ServiceId AND GrainId = @GrainId AND ReminderName = @ReminderName AND Version = @Version
                RETURNING 1)
            SELECT count(*)::integer FROM deleted'),

        ('DeleteReminderRowsKey', '
            DELETE FROM OrleansRemindersTable WHERE ServiceId = @ServiceId')
        ON CONFLICT (QueryKey) DO NOTHING;
        """;
}
