using Microsoft.Data.Sqlite;

namespace RepoOrchestrator.Errors;

/// <summary>
/// A part of ORCH_HOME (the state store, the audit log, the snapshot folder) cannot be used: the disk is full,
/// over quota, read-only or failing. Raised by the owner of that part (the audit writer, the snapshot store, the
/// state store) and turned into a refusal in one place (<see cref="ErrorHandlingMiddleware"/>): 507 when space
/// ran out, 503 for any other fault, with a detail naming the part and the cause. It is not a failure of the
/// service (no PANIC event, no lockdown): the read is refused because it could not be audited or kept, and it
/// succeeds again by itself as soon as the part can be written.
/// </summary>
public sealed class StorageFaultException : Exception
{
    private const int Enospc = 28;
    private const int Edquot = 122;
    private const int Erofs = 30;
    private const int SqliteFull = 13;

    private StorageFaultException(StoragePart part, StorageFaultCause cause, Exception? inner)
        : base(DetailOf(part, cause), inner)
    {
        Part = part;
        Cause = cause;
    }

    public StorageFaultException()
        : this(StoragePart.StateStore, StorageFaultCause.IoError, null)
    {
    }

    public StorageFaultException(string message)
        : base(message)
    {
    }

    public StorageFaultException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public StoragePart Part { get; }

    public StorageFaultCause Cause { get; }

    /// <summary>507 Insufficient Storage when space or quota ran out, else 503.</summary>
    public int Status => Cause is StorageFaultCause.NoSpace or StorageFaultCause.QuotaExceeded
        ? StatusCodes.Status507InsufficientStorage
        : StatusCodes.Status503ServiceUnavailable;

    /// <summary>Stable problem type: `storage-full` or `storage-unavailable`.</summary>
    public string ProblemType => Status == StatusCodes.Status507InsufficientStorage ? "storage-full" : "storage-unavailable";

    /// <summary>What the caller and /health are told: the part and the cause, never a path or an exception message.</summary>
    public string Detail => Message;

    /// <summary>The part's name as /health reports it (`state_store`, `audit_log`, `snapshot_folder`).</summary>
    public static string NameOf(StoragePart part) => part switch
    {
        StoragePart.AuditLog => "audit_log",
        StoragePart.SnapshotFolder => "snapshot_folder",
        _ => "state_store",
    };

    /// <summary>The typed fault for <paramref name="error"/> (an I/O, access or SQLite error) in <paramref name="part"/>.</summary>
    public static StorageFaultException From(StoragePart part, Exception error)
    {
        ArgumentNullException.ThrowIfNull(error);
        return error as StorageFaultException ?? new StorageFaultException(part, CauseOf(error), error);
    }

    public static StorageFaultException Of(StoragePart part, StorageFaultCause cause, Exception? inner = null) => new(part, cause, inner);

    /// <summary>The same fault for another caller whose line was in the failed write (a fresh exception per caller).</summary>
    public StorageFaultException ForAnotherCaller() => new(Part, Cause, this);

    /// <summary>True for the errors a storage owner turns into a fault (not programming errors).</summary>
    public static bool IsStorageError(Exception error) =>
        error is IOException or UnauthorizedAccessException or SqliteException;

    private static StorageFaultCause CauseOf(Exception error) => error switch
    {
        SqliteException { SqliteErrorCode: SqliteFull } => StorageFaultCause.NoSpace,
        SqliteException { SqliteErrorCode: 11 or 26 } => StorageFaultCause.Corrupt, // SQLITE_CORRUPT, SQLITE_NOTADB
        SqliteException { SqliteErrorCode: 8 } => StorageFaultCause.ReadOnly, // SQLITE_READONLY
        SqliteException { SqliteErrorCode: 14 } => StorageFaultCause.CannotOpen, // SQLITE_CANTOPEN
        IOException { HResult: Enospc } => StorageFaultCause.NoSpace,
        IOException { HResult: Edquot } => StorageFaultCause.QuotaExceeded,
        IOException { HResult: Erofs } => StorageFaultCause.ReadOnly,
        UnauthorizedAccessException => StorageFaultCause.AccessDenied,
        { InnerException: { } inner } when inner is IOException or SqliteException => CauseOf(inner),
        _ => StorageFaultCause.IoError,
    };

    private static string DetailOf(StoragePart part, StorageFaultCause cause)
    {
        var what = part switch
        {
            StoragePart.AuditLog => "The audit log cannot be written",
            StoragePart.SnapshotFolder => "The snapshot folder cannot be written",
            _ => "The state store cannot be used",
        };
        var why = cause switch
        {
            StorageFaultCause.NoSpace => "no space left on device",
            StorageFaultCause.QuotaExceeded => "disk quota exceeded",
            StorageFaultCause.ReadOnly => "the file system is read-only",
            StorageFaultCause.AccessDenied => "permission denied (or the path is not a regular file)",
            StorageFaultCause.Corrupt => "the database file is corrupt",
            StorageFaultCause.CannotOpen => "the database file cannot be opened",
            StorageFaultCause.NotAFolder => "its path is a file or a link, not a folder",
            StorageFaultCause.NotAFile => "its path is a folder, not a file",
            _ => "an I/O error",
        };
        var fix = cause switch
        {
            StorageFaultCause.NoSpace or StorageFaultCause.QuotaExceeded =>
                "Free space under ORCH_HOME; requests succeed again by themselves, without a restart",
            StorageFaultCause.Corrupt => "Stop the service and follow 'When things go wrong' in docs/OPERATIONS.md",
            _ => "Check ORCH_HOME and its disk; requests succeed again by themselves once it can be used",
        };
        return $"{what}: {why}. {fix}.";
    }
}
