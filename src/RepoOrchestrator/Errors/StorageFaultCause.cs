namespace RepoOrchestrator.Errors;

/// <summary>Why a part of ORCH_HOME cannot be used; decides 507 (space) or 503 (anything else).</summary>
public enum StorageFaultCause
{
    IoError,
    NoSpace,
    QuotaExceeded,
    ReadOnly,
    AccessDenied,
    Corrupt,
    CannotOpen,
    NotAFolder,
    NotAFile,
}
