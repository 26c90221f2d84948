using Microsoft.Data.Sqlite;
using RepoOrchestrator.Configuration;
using RepoOrchestrator.Errors;

namespace RepoOrchestrator.State;

/// <summary>
/// The embedded SQLite state store under ORCH_HOME (WAL, busy timeout, synchronous FULL): repository
/// registry, panic flag and security events. The service and the command-line tool open it at the same
/// time; every write goes through <see cref="Write{T}"/>, an immediate transaction, so concurrent writers
/// queue on the database lock instead of losing updates, and a hard kill loses nothing committed. Every SQLite
/// error (full disk, corrupt page, unreadable file) leaves as a <see cref="StorageFaultException"/>, so callers
/// refuse with 507/503 instead of failing with a crash. The file and its journals are created 0600.
/// </summary>
public sealed class StateStore : IDisposable
{
    private readonly string _connectionString;
    private readonly Lock _versionGate = new();
    private SqliteConnection? _versionConnection;
    private SqliteCommand? _versionCommand;
    private bool _disposed;

    public StateStore(ServiceHome home)
    {
        ArgumentNullException.ThrowIfNull(home);
        HomeFiles.CreateFolder(home.Home);
        _connectionString = new SqliteConnectionStringBuilder
        {
            DataSource = home.StateDatabasePath,
            // SECURITY: the constructor creates the file; later connections never do, so a store deleted while the
            // service runs is a fault (503) instead of a new empty store where lockdown reads as off.
            Mode = SqliteOpenMode.ReadWrite,
            Pooling = true,
            DefaultTimeout = 30,
        }.ToString();
        DatabasePath = home.StateDatabasePath;
        Guarded(() =>
        {
            CreatePrivately();
            using var connection = Open();
            using (var wal = connection.CreateCommand())
            {
                wal.CommandText = "PRAGMA journal_mode=WAL;"; // persistent in the file: set once, not per connection
                wal.ExecuteNonQuery();
            }

            StateSchema.Migrate(connection);
            return true;
        });
    }

    /// <summary>Test seam: runs inside every write transaction (and health probe), where a test throws the error a full disk or a bad page would.</summary>
    internal Action? BeforeWrite { get; set; }

    /// <summary>
    /// The database file and its journals (-wal, -shm, -journal) are 0600: SQLite gives a journal the mode of its
    /// database, so creating the (empty) database file with 0600 first covers them all, whatever the umask.
    /// </summary>
    private void CreatePrivately()
    {
        if (!File.Exists(DatabasePath))
        {
#pragma warning disable RS0030 // owner: the state store owns its database file
            using var created = new FileStream(DatabasePath, HomeFiles.Options(FileMode.OpenOrCreate, FileAccess.Write, FileShare.ReadWrite));
#pragma warning restore RS0030
        }

        foreach (var suffix in new[] { "", "-wal", "-shm", "-journal" })
        {
            HomeFiles.Tighten(DatabasePath + suffix);
        }
    }

    /// <summary>
    /// For /health: the database file is still there and answers (one `PRAGMA data_version`); when the store is
    /// known to be failing (<paramref name="known"/>), also what failed: a corrupt store must pass `quick_check`,
    /// any other fault a small write beside the file. Throws the <see cref="StorageFaultException"/> a request would get.
    /// </summary>
    public void Probe(StorageFaultException? known)
    {
        if (!File.Exists(DatabasePath))
        {
            // SECURITY: a deleted store is a fault, never silently replaced by an empty one (lockdown would read as off).
            throw StorageFaultException.Of(StoragePart.StateStore, StorageFaultCause.CannotOpen);
        }

        if (known?.Cause == StorageFaultCause.Corrupt)
        {
            // A fresh connection, not the kept one: a connection opened before the damage can wait on its locks.
            Guarded(() =>
            {
                BeforeWrite?.Invoke();
                return true;
            });
            if (IntegrityProblem() is not null)
            {
                throw StorageFaultException.Of(StoragePart.StateStore, StorageFaultCause.Corrupt);
            }

            return;
        }

        DataVersion();
        if (known is null)
        {
            return;
        }

        Guarded(() =>
        {
            BeforeWrite?.Invoke();
            HomeFiles.ProbeWrite(Path.GetDirectoryName(DatabasePath)!);
            return true;
        });
    }

    /// <summary>
    /// `PRAGMA quick_check` (and first of all reading the header): null when the file is sound, else what is wrong.
    /// Reads every page once; meant for start-up and for /health while the store is known to be failing.
    /// </summary>
    public string? IntegrityProblem() => Guarded(() =>
    {
        using var connection = Open();
        using var check = connection.CreateCommand();
        check.CommandText = "PRAGMA quick_check(1)";
        var result = check.ExecuteScalar() as string;
        return string.Equals(result, "ok", StringComparison.Ordinal) ? null : result ?? "no answer";
    });

    private static T Guarded<T>(Func<T> work)
    {
        try
        {
            return work();
        }
        catch (Exception ex) when (StorageFaultException.IsStorageError(ex))
        {
            throw StorageFaultException.From(StoragePart.StateStore, ex);
        }
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

    /// <summary>
    /// SQLite's <c>PRAGMA data_version</c> on a connection kept open for it: a number that changes whenever any
    /// other connection, of this process or another one (the command-line tool), commits a change. A few
    /// microseconds, so callers can cache what they read and re-read only when it moved.
    /// </summary>
    public long DataVersion() => Guarded(DataVersionCore);

    private long DataVersionCore()
    {
        lock (_versionGate)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            if (_versionCommand is null)
            {
                _versionConnection = Open();
                _versionCommand = _versionConnection.CreateCommand();
                _versionCommand.CommandText = "PRAGMA data_version";
            }

            return (long)_versionCommand.ExecuteScalar()!;
        }
    }

    public void Dispose()
    {
        lock (_versionGate)
        {
            _disposed = true;
            _versionCommand?.Dispose();
            _versionConnection?.Dispose();
        }
    }

    /// <summary>Runs <paramref name="work"/> in an immediate (write-locking) transaction and commits it.</summary>
    public T Write<T>(Func<SqliteConnection, SqliteTransaction, T> work)
    {
        ArgumentNullException.ThrowIfNull(work);
        return Guarded(() =>
        {
            using var connection = Open();
            using var tx = connection.BeginTransaction(deferred: false);
            BeforeWrite?.Invoke();
            var result = work(connection, tx);
            tx.Commit();
            return result;
        });
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
        return Guarded(() =>
        {
            using var connection = Open();
            return work(connection);
        });
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
