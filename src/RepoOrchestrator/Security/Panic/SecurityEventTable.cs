using System.Globalization;
using Microsoft.Data.Sqlite;

namespace RepoOrchestrator.Security.Panic;

/// <summary>
/// The SQL over the `security_events` table. Every method takes the caller's connection and transaction, so
/// an insert, the count that follows it and the flag it may set commit as one unit.
/// </summary>
internal static class SecurityEventTable
{
    public static long Insert(
        SqliteConnection c, SqliteTransaction t, long tsMs, string type, string reason, string payloadHash, string actor, string? correlationId)
    {
        using var cmd = Command(c, t, """
            INSERT INTO security_events(ts_ms, type, reason, payload_hash, actor, correlation_id, resolved)
            VALUES ($ts, $type, $reason, $hash, $actor, $cid, 0);
            SELECT last_insert_rowid();
            """);
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
        using var cmd = Command(c, t, "SELECT COUNT(*) FROM security_events WHERE type = $type AND resolved = 0 AND ts_ms > $after");
        cmd.Parameters.AddWithValue("$type", type);
        cmd.Parameters.AddWithValue("$after", afterMs);
        return Convert.ToInt32(cmd.ExecuteScalar(), CultureInfo.InvariantCulture);
    }

    public static int CountUnresolved(SqliteConnection c, SqliteTransaction? t)
    {
        using var cmd = Command(c, t, "SELECT COUNT(*) FROM security_events WHERE resolved = 0");
        return Convert.ToInt32(cmd.ExecuteScalar(), CultureInfo.InvariantCulture);
    }

    public static int ResolveAll(SqliteConnection c, SqliteTransaction t)
    {
        using var cmd = Command(c, t, "UPDATE security_events SET resolved = 1 WHERE resolved = 0");
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
            SELECT id, ts_ms, type, reason, payload_hash, actor, correlation_id, resolved
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
                reader.GetInt64(7) != 0));
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
