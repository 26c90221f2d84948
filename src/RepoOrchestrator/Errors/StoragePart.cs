namespace RepoOrchestrator.Errors;

/// <summary>The parts of ORCH_HOME the service must be able to write to serve a read.</summary>
public enum StoragePart
{
    StateStore,
    AuditLog,
    SnapshotFolder,
}
