using System.Globalization;
using Microsoft.Data.Sqlite;

namespace RepoOrchestrator.Security.Panic;

/// <summary>
/// The SQL over the `security_events` table. Every method takes the caller's connection and transaction, so
/// an insert, the count that follows it and the flag it may set commit as one unit. A row stands for
/// `count` identical events (see <see cref="AddToRecent"/>); every count here is a SUM of them, so aggregation
/// never changes a threshold.
/// </summary>
internal static class SecurityEventTable
{
    /// <summary>At most this many rows: beyond it the oldest resolved rows go first, then the oldest.</summary>
    public const int MaxRows = 10_000;

    /// <summary>Identical events from one client are aggregated while their row is younger than this.</summary>
    public const long AggregateMs = 1_000;

    /// <summary>
    /// Adds one to the unresolved row of the same type, reason, payload hash and client begun less than
    /// <see cref="AggregateMs"/> before <paramref name="tsMs"/>; returns its id, or null when there is none.
    /// </summary>
    public static long? AddToRecent(SqliteConnection c, SqliteTransaction t, long tsMs, string type, string reason, string payloadHash, string client)
    {
        using var cmd = Command(c, t, """
            UPDATE security_events SET count = count + 1
            WHERE id = (SELECT id FROM security_events
                        WHERE type = $type AND payload_hash = $hash AND client = $client AND reason = $reason
                          AND resolved = 0 AND ts_ms > $after AND ts_ms <= $ts
                        ORDER BY ts_ms DESC, id DESC LIMIT 1)
            RETURNING id;
            """);
        cmd.Parameters.AddWithValue("$type", type);
        cmd.Parameters.AddWithValue("$hash", payloadHash);
        cmd.Parameters.AddWithValue("$client", client);
        cmd.Parameters.AddWithValue("$reason", reason);
        cmd.Parameters.AddWithValue("$after", tsMs - AggregateMs);
        cmd.Parameters.AddWithValue("$ts", tsMs);
        var id = cmd.ExecuteScalar();
        return id is null or DBNull ? null : Convert.ToInt64(id, CultureInfo.InvariantCulture);
    }

    public static long Insert(
        SqliteConnection c, SqliteTransaction t, long tsMs, string type, string reason, string payloadHash, string actor, string? correlationId, string client = "", long count = 1)
    {
        using var cmd = Command(c, t, """
            INSERT INTO security_events(ts_ms, type, reason, payload_hash, actor, correlation_id, resolved, count, client)
            VALUES ($ts, $type, $reason, $hash, $actor, $cid, 0, $count, $client);
            SELECT last_insert_rowid();
            """);
        cmd.Parameters.AddWithValue("$client", client);
        cmd.Parameters.AddWithValue("$count", count);
        cmd.Parameters.AddWithValue("$ts", tsMs);
        cmd.Parameters.AddWithValue("$type", type);
        cmd.Parameters.AddWithValue("$reason", reason);
        cmd.Parameters.AddWithValue("$hash", payloadHash);
        cmd.Parameters.AddWithValue("$actor", actor);
        cmd.Parameters.AddWithValue("$cid", (object?)correlationId ?? DBNull.Value);
        return Convert.ToInt64(cmd.ExecuteScalar(), CultureInfo.InvariantCulture);
    }

    /// <summary>Unresolved events of <paramref name="type"/> newer than <paramref name="afterMs"/> (exclusive).</summary>
    public static int CountUnresolvedSince(SqliteConnection c, SqliteTransaction? t, string type, long afterMs)
    {
        using var cmd = Command(c, t, "SELECT COALESCE(SUM(count), 0) FROM security_events WHERE type = $type AND resolved = 0 AND ts_ms > $after");
        cmd.Parameters.AddWithValue("$type", type);
        cmd.Parameters.AddWithValue("$after", afterMs);
        return Convert.ToInt32(cmd.ExecuteScalar(), CultureInfo.InvariantCulture);
    }

    public static int CountUnresolved(SqliteConnection c, SqliteTransaction? t)
    {
        using var cmd = Command(c, t, "SELECT COALESCE(SUM(count), 0) FROM security_events WHERE resolved = 0");
        return Convert.ToInt32(cmd.ExecuteScalar(), CultureInfo.InvariantCulture);
    }

    /// <summary>Marks every event resolved; returns how many events (not rows) that was.</summary>
    public static int ResolveAll(SqliteConnection c, SqliteTransaction t)
    {
        var events = CountUnresolved(c, t);
        using var cmd = Command(c, t, "UPDATE security_events SET resolved = 1 WHERE resolved = 0");
        cmd.ExecuteNonQuery();
        return events;
    }

    /// <summary>Marks one event row resolved; its type and payload hash, or null when no row has that id.</summary>
    public static (string Type, string PayloadHash)? ResolveOne(SqliteConnection c, SqliteTransaction t, long id, bool delete)
    {
        string type, hash;
        using (var find = Command(c, t, "SELECT type, payload_hash FROM security_events WHERE id = $id"))
        {
            find.Parameters.AddWithValue("$id", id);
            using var reader = find.ExecuteReader();
            if (!reader.Read())
            {
                return null;
            }

            (type, hash) = (reader.GetString(0), reader.GetString(1));
        }

        using var cmd = Command(c, t, delete ? "DELETE FROM security_events WHERE id = $id" : "UPDATE security_events SET resolved = 1 WHERE id = $id");
        cmd.Parameters.AddWithValue("$id", id);
        cmd.ExecuteNonQuery();
        return (type, hash);
    }

    /// <summary>
    /// Keeps at most <paramref name="maxRows"/> rows: deletes the oldest resolved rows first, then the oldest
    /// unresolved ones. Returns how many rows went.
    /// </summary>
    public static int Cap(SqliteConnection c, SqliteTransaction t, int maxRows = MaxRows)
    {
        // SECURITY: the table is bounded whatever a flood of distinct bad tokens from distinct addresses sends.
        using var cmd = Command(c, t, """
            DELETE FROM security_events WHERE id IN (
                SELECT id FROM security_events ORDER BY resolved DESC, ts_ms ASC, id ASC
                LIMIT MAX(0, (SELECT COUNT(*) FROM security_events) - $max))
            """);
        cmd.Parameters.AddWithValue("$max", maxRows);
        return cmd.ExecuteNonQuery();
    }

    /// <summary>Deletes events recorded before <paramref name="beforeMs"/>.</summary>
    public static int DeleteOlderThan(SqliteConnection c, SqliteTransaction t, long beforeMs)
    {
        using var cmd = Command(c, t, "DELETE FROM security_events WHERE ts_ms < $before");
        cmd.Parameters.AddWithValue("$before", beforeMs);
        return cmd.ExecuteNonQuery();
    }

    /// <summary>The newest <paramref name="limit"/> events, newest first.</summary>
    public static List<SecurityEvent> Newest(SqliteConnection c, int limit)
    {
        using var cmd = Command(c, null, """
            SELECT id, ts_ms, type, reason, payload_hash, actor, correlation_id, resolved, count
            FROM security_events ORDER BY ts_ms DESC, id DESC LIMIT $limit
            """);
        cmd.Parameters.AddWithValue("$limit", limit);
        var events = new List<SecurityEvent>();
        using var reader = cmd.ExecuteReader();
        while (reader.Read())
        {
            events.Add(new SecurityEvent(
                reader.GetInt64(0),
                FormatTimestamp(reader.GetInt64(1)),
                reader.GetString(2),
                reader.GetString(3),
                reader.GetString(4),
                reader.GetString(5),
                reader.IsDBNull(6) ? null : reader.GetString(6),
                reader.GetInt64(7) != 0,
                reader.GetInt64(8)));
        }

        return events;
    }

    public static string FormatTimestamp(long unixMs) =>
        DateTimeOffset.FromUnixTimeMilliseconds(unixMs).UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);

    private static SqliteCommand Command(SqliteConnection c, SqliteTransaction? t, string sql)
    {
        var cmd = c.CreateCommand();
        cmd.Transaction = t;
        cmd.CommandText = sql;
        return cmd;
    }
}
