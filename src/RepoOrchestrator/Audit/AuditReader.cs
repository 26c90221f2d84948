using RepoOrchestrator.Errors;

namespace RepoOrchestrator.Audit;

/// <summary>
/// The reading side of the audit log: the last lines, the last lockdown line, a consistent view for verify, and
/// the read-only health check. Never writes a line, and never returns a half line (a last line without its line end
/// is a write in progress or one cut short by a hard kill), except the fail-closed case of <see cref="LastLockdownLine"/>.
/// </summary>
public sealed class AuditReader(string path, TimeProvider time)
{
    private readonly AuditFileLock _lock = AuditFileLock.For(path);

    public string FilePath => path;

    /// <summary>
    /// The last <paramref name="count"/> complete lines, oldest first, reaching into `.1` when the current file is
    /// short. An audit path that is a folder, or a file that cannot be read, is a <see cref="StorageFaultException"/>,
    /// never an empty log.
    /// </summary>
    public IReadOnlyList<string> Tail(int count)
    {
        try
        {
            ThrowIfFolder();
            var lines = new List<string>();
            foreach (var file in new[] { path, path + ".1" })
            {
                if (lines.Count >= count)
                {
                    break;
                }

                lines.InsertRange(0, AuditFiles.ReadLastLines(file, count - lines.Count));
            }

            return lines;
        }
        catch (Exception ex) when (StorageFaultException.IsStorageError(ex))
        {
            throw StorageFaultException.From(StoragePart.AuditLog, ex);
        }
    }

    public string? LastLine() => Tail(1) is [var line] ? line : null;

    /// <summary>
    /// Runs <paramref name="read"/> while no writer, in this process or another, can append or rotate, so a reader
    /// (audit verify) sees one consistent set of files. Keep <paramref name="read"/> short: writers wait.
    /// </summary>
    public async Task<T> WithWritersPausedAsync<T>(Func<T> read, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(read);
        using var held = await _lock.ForReaderAsync(time, cancellationToken).ConfigureAwait(false);
        return read();
    }

    /// <summary>For /health: the audit path is usable (not a folder). Throws the <see cref="StorageFaultException"/> a read would get.</summary>
    public void ProbeRead() => ThrowIfFolder();

    /// <summary>
    /// The newest line whose operation is <paramref name="onOperation"/> or <paramref name="offOperation"/> (lockdown on
    /// / off), newest file first; null when there is none. Read only at start-up and only when the state store has no
    /// lockdown flag, so a whole scan is affordable. Only whole lines count, with one exception that fails closed: a
    /// half last line that already names <paramref name="onOperation"/> (lockdown is committed to the store before its
    /// line is written, so the process died while recording a lockdown) counts; a half line that clears does not.
    /// </summary>
    public static string? LastLockdownLine(string auditPath, string onOperation, string offOperation)
    {
        var on = $"| OP:{onOperation} |";
        var off = $"| OP:{offOperation} |";
        var newest = true;
        foreach (var file in AuditVerifier.KeptFiles(auditPath).Reverse())
        {
            string? last = null;
            var partial = AuditFiles.ScanLines(file, line =>
            {
                if (line.Contains(on, StringComparison.Ordinal) || line.Contains(off, StringComparison.Ordinal))
                {
                    last = line;
                }
            });
            if (newest && partial is not null && partial.Contains(on, StringComparison.Ordinal))
            {
                return partial; // SECURITY: a lockdown cut short by a kill still counts; its time is whole (it comes first)
            }

            if (last is not null)
            {
                return last;
            }

            newest = false;
        }

        return null;
    }

    private void ThrowIfFolder()
    {
        if (Directory.Exists(path))
        {
            throw StorageFaultException.Of(StoragePart.AuditLog, StorageFaultCause.NotAFile);
        }
    }
}
