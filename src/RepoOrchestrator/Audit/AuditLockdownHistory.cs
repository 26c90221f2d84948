namespace RepoOrchestrator.Audit;

/// <summary>
/// Finds the audit log's last line that turned lockdown on or off (`PANIC_MODE_ON` / `PANIC_CLEARED`), newest file
/// first. Read only at start-up and only when the state store has no lockdown flag, so a whole scan is affordable.
/// </summary>
public static class AuditLockdownHistory
{
    public static string? LastLockdownLine(string auditPath, string onOperation, string offOperation)
    {
        var on = $"| OP:{onOperation} |";
        var off = $"| OP:{offOperation} |";
        foreach (var file in AuditVerifier.KeptFiles(auditPath).Reverse())
        {
            string? last = null;
            foreach (var line in File.ReadLines(file))
            {
                if (line.Contains(on, StringComparison.Ordinal) || line.Contains(off, StringComparison.Ordinal))
                {
                    last = line;
                }
            }

            if (last is not null)
            {
                return last;
            }
        }

        return null;
    }
}
