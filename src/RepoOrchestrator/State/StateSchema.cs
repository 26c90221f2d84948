using Microsoft.Data.Sqlite;

namespace RepoOrchestrator.State;

/// <summary>
/// Schema migrations, applied in order at open and tracked by PRAGMA user_version. Append a step; never
/// edit one that has shipped.
/// </summary>
internal static class StateSchema
{
    private static readonly string[] Steps =
    [
        // 1: settings (active repo, panic flag), security events, repository registry.
        """
        CREATE TABLE IF NOT EXISTS settings (key TEXT PRIMARY KEY, value TEXT NOT NULL);
        CREATE TABLE IF NOT EXISTS security_events (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            ts_ms INTEGER NOT NULL,
            type TEXT NOT NULL,
            reason TEXT NOT NULL,
            payload_hash TEXT NOT NULL,
            actor TEXT NOT NULL,
            correlation_id TEXT,
            resolved INTEGER NOT NULL DEFAULT 0);
        CREATE INDEX IF NOT EXISTS ix_security_events_type_ts ON security_events(type, resolved, ts_ms);
        CREATE TABLE IF NOT EXISTS repositories (
            path TEXT PRIMARY KEY,
            name TEXT NOT NULL,
            last_selected_ms INTEGER NOT NULL);
        """,

        // 2: identical invalid-token events from one client within a second are one row with a count (bounded table).
        """
        ALTER TABLE security_events ADD COLUMN count INTEGER NOT NULL DEFAULT 1;
        ALTER TABLE security_events ADD COLUMN client TEXT NOT NULL DEFAULT '';
        CREATE INDEX IF NOT EXISTS ix_security_events_aggregate ON security_events(type, payload_hash, client, ts_ms);
        """,

        // 3: named tokens (SHA-256 of the token only), each with a role, a repository scope, an expiry and a rate.
        """
        CREATE TABLE IF NOT EXISTS tokens (
            name TEXT PRIMARY KEY,
            hash TEXT NOT NULL UNIQUE,
            role TEXT NOT NULL,
            repos TEXT NOT NULL DEFAULT '',
            expires_ms INTEGER,
            rate_per_minute INTEGER,
            created_ms INTEGER NOT NULL,
            last_used_ms INTEGER);
        """,

        // 4: a named token's tool scope: the MCP tools (and mirroring HTTP endpoints) it may use; '' = all of its role's.
        "ALTER TABLE tokens ADD COLUMN tools TEXT NOT NULL DEFAULT ''",

        // 5: an OAuth client the operator approved (issue 17) is a named token whose secret nobody holds: its row
        // carries the client_id, and the client's access tokens act with the row's role, scope and expiry.
        """
        ALTER TABLE tokens ADD COLUMN oauth_client TEXT;
        CREATE UNIQUE INDEX IF NOT EXISTS ux_tokens_oauth_client ON tokens(oauth_client) WHERE oauth_client IS NOT NULL;
        """,
    ];

    public static void Migrate(SqliteConnection connection)
    {
        using var tx = connection.BeginTransaction(deferred: false);
        using var read = connection.CreateCommand();
        read.Transaction = tx;
        read.CommandText = "PRAGMA user_version";
        var version = Convert.ToInt32(read.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture);
        for (var i = version; i < Steps.Length; i++)
        {
            using var step = connection.CreateCommand();
            step.Transaction = tx;
            step.CommandText = Steps[i] + $";\nPRAGMA user_version = {i + 1};";
            step.ExecuteNonQuery();
        }

        tx.Commit();
    }
}
