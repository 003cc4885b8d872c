using Microsoft.Data.Sqlite;

namespace Flux.Storage.Sqlite;

/// <summary>
/// Retention: removes the oldest events beyond an age or a total size. The log is cut as a prefix, like a
/// stream's max age: age pruning stops at the first event accepted within the limit, even if a later one
/// is older (acceptance times are only nearly ordered by position). Each step removes at most
/// <see cref="StepRows"/> events in one group commit, so appends keep flowing in between.
/// </summary>
internal sealed class LogPruning(EmbeddedStorage storage, TimeProvider timeProvider)
{
    private const int StepRows = 20_000;

    /// <summary>Prunes step by step until nothing is beyond the policy; how many events were removed.</summary>
    public async Task<long> RunAsync(RetentionPolicy policy, CancellationToken cancellationToken)
    {
        long removed = 0;
        while (true)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var through = PruneBoundary(policy);
            if (through is not { } position)
            {
                return removed;
            }

            var (rows, _) = await storage.WriteAsync(writer => writer.DeleteEventsThrough(position), cancellationToken);
            removed += rows;
            if (rows == 0)
            {
                return removed;
            }
        }
    }

    /// <summary>The last position the next pruning step removes, or null when nothing is beyond the policy.</summary>
    private long? PruneBoundary(RetentionPolicy policy)
    {
        using var connection = storage.OpenReader();
        long? boundary = null;
        if (policy.MaxAgeDays > 0)
        {
            var cutoff = timeProvider.GetUtcNow() - TimeSpan.FromDays(policy.MaxAgeDays);
            boundary = LastBefore(connection, UnixMicroseconds.From(cutoff));
        }

        if (policy.MaxBytes > 0)
        {
            var bytes = LastBeyondBytes(connection, policy.MaxBytes);
            if (bytes > (boundary ?? 0))
            {
                boundary = bytes;
            }
        }

        return boundary;
    }

    /// <summary>The last of up to one step's oldest events that were all accepted before the cutoff.</summary>
    private static long? LastBefore(SqliteConnection connection, long cutoffMicroseconds)
    {
        using var command = connection.CreateCommand();
        command.CommandText = """
            SELECT position, accepted_at FROM events ORDER BY position LIMIT $limit
            """;
        command.Parameters.AddWithValue("$limit", StepRows);
        long? last = null;
        using var reader = command.ExecuteReader();
        while (reader.Read() && reader.GetInt64(1) < cutoffMicroseconds)
        {
            last = reader.GetInt64(0);
        }

        return last;
    }

    /// <summary>The last of up to one step's oldest events whose removal is needed to get under the byte limit.</summary>
    private long? LastBeyondBytes(SqliteConnection connection, long maxBytes)
    {
        var excess = storage.Writer.EventBytes - maxBytes;
        if (excess <= 0)
        {
            return null;
        }

        using var command = connection.CreateCommand();
        command.CommandText = "SELECT position, length(envelope) FROM events ORDER BY position LIMIT $limit";
        command.Parameters.AddWithValue("$limit", StepRows);
        long? last = null;
        using var reader = command.ExecuteReader();
        while (excess > 0 && reader.Read())
        {
            last = reader.GetInt64(0);
            excess -= reader.GetInt64(1);
        }

        return last;
    }
}
