namespace RepoOrchestrator.Configuration;

/// <summary>The audit log file (ORCH_AUDIT_LOG_PATH), its size before rotation (ORCH_AUDIT_LOG_MAX_BYTES) and how many backups are kept (ORCH_AUDIT_LOG_BACKUP_COUNT).</summary>
public sealed record AuditSettings(string Path, long MaxBytes, int BackupCount)
{
    public static AuditSettings From(OrchestratorOptions o)
    {
        ArgumentNullException.ThrowIfNull(o);
        return new(o.AuditLogPath, o.AuditLogMaxBytes, o.AuditLogBackupCount);
    }
}
