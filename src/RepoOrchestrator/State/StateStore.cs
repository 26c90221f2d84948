using Microsoft.Data.Sqlite;
using RepoOrchestrator.Configuration;

namespace RepoOrchestrator.State;

/// <summary>
/// The embedded SQLite state store under ORCH_HOME (WAL, busy timeout, synchronous FULL): repository
/// registry, panic flag and security events. The service and the command-line tool open it at the same
/// time; every write goes through <see cref="Write{T}"/>, an immediate transaction, so concurrent writers
/// queue on the database lock instead of losing updates, and a hard kill loses nothing committed.
/// </summary>
public sealed class StateStore
{
    private readonly string _connectionString;

    public StateStore(OrchestratorOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        Directory.CreateDirectory(options.Home);
        _connectionString = new SqliteConnectionStringBuilder
        {
            DataSource = options.StateDatabasePath,
            Mode = SqliteOpenMode.ReadWriteCreate,
            Pooling = true,
            DefaultTimeout = 30,
        }.ToString();
        DatabasePath = options.StateDatabasePath;
        using var connection = Open();
        using (var wal = connection.CreateCommand())
        {
            wal.CommandText = "PRAGMA journal_mode=WAL;"; // persistent in the file: set once, not per connection
            wal.ExecuteNonQuery();
        }

        StateSchema.Migrate(connection);
    }

    public string DatabasePath { get; }

    public SqliteConnection Open()
    {
        var connection = new SqliteConnection(_connectionString);
        connection.Open();
        using var pragma = connection.CreateCommand();
        pragma.CommandText = "PRAGMA synchronous=FULL; PRAGMA busy_timeout=30000;";
        pragma.ExecuteNonQuery();
        return connection;
    }

    /// <summary>Runs <paramref name="work"/> in an immediate (write-locking) transaction and commits it.</summary>
    public T Write<T>(Func<SqliteConnection, SqliteTransaction, T> work)
    {
        ArgumentNullException.ThrowIfNull(work);
        using var connection = Open();
        using var tx = connection.BeginTransaction(deferred: false);
        var result = work(connection, tx);
        tx.Commit();
        return result;
    }

    public void Write(Action<SqliteConnection, SqliteTransaction> work)
    {
        ArgumentNullException.ThrowIfNull(work);
        Write<bool>((c, t) =>
        {
            work(c, t);
            return true;
        });
    }

    public T Read<T>(Func<SqliteConnection, T> work)
    {
        ArgumentNullException.ThrowIfNull(work);
        using var connection = Open();
        return work(connection);
    }

    public string? GetSetting(string key) => Read(c =>
    {
        using var cmd = c.CreateCommand();
        cmd.CommandText = "SELECT value FROM settings WHERE key = $key";
        cmd.Parameters.AddWithValue("$key", key);
        return cmd.ExecuteScalar() as string;
    });

    public void SetSetting(string key, string? value) => Write((c, t) => SetSetting(c, t, key, value));

    public static void SetSetting(SqliteConnection connection, SqliteTransaction tx, string key, string? value)
    {
        ArgumentNullException.ThrowIfNull(connection);
        using var cmd = connection.CreateCommand();
        cmd.Transaction = tx;
        if (value is null)
        {
            cmd.CommandText = "DELETE FROM settings WHERE key = $key";
        }
        else
        {
            cmd.CommandText = "INSERT INTO settings(key, value) VALUES($key, $value) ON CONFLICT(key) DO UPDATE SET value = excluded.value";
            cmd.Parameters.AddWithValue("$value", value);
        }

        cmd.Parameters.AddWithValue("$key", key);
        cmd.ExecuteNonQuery();
    }
}
