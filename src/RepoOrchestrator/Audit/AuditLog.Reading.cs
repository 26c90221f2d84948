using RepoOrchestrator.Configuration;
using RepoOrchestrator.Errors;

namespace RepoOrchestrator.Audit;

/// <summary>The reading side of the audit log: the last lines, a consistent view for verify, and the health probe. Never writes a line.</summary>
public sealed partial class AuditLog
{
    /// <summary>
    /// The last <paramref name="count"/> complete lines, oldest first, reaching into `.1` when the current file is
    /// short. A line still being written (no newline yet) is never shown. An audit path that is a folder, or a file
    /// that cannot be read, is a <see cref="StorageFaultException"/>, never an empty log.
    /// </summary>
    public IReadOnlyList<string> Tail(int count)
    {
        try
        {
            if (Directory.Exists(_path))
            {
                throw StorageFaultException.Of(StoragePart.AuditLog, StorageFaultCause.NotAFile);
            }

            var lines = new List<string>();
            foreach (var file in new[] { _path, _path + ".1" })
            {
                if (lines.Count >= count)
                {
                    break;
                }

                var more = AuditFiles.ReadLastLines(file, count - lines.Count);
                lines.InsertRange(0, more);
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
    /// Runs <paramref name="read"/> while no writer, in this process or another, can append or rotate, so a
    /// reader (audit verify) sees one consistent set of files. Keep <paramref name="read"/> short: writers wait.
    /// Needs no write access: the writers' lock file is opened read-only (an exclusive lock needs no write), and
    /// where it does not exist (a copy of the logs, a log never written) no writer can be appending.
    /// </summary>
    public T WithWritersPaused<T>(Func<T> read)
    {
        ArgumentNullException.ThrowIfNull(read);
        lock (_gate)
        {
            using var crossProcess = AcquireReaderLock();
            return read();
        }
    }

    /// <summary>
    /// For /health: the audit path is usable (not a folder), and, when <paramref name="write"/> (the log is known
    /// to be failing), a small file can be written beside it. Throws the <see cref="StorageFaultException"/> a read would get.
    /// </summary>
    public void Probe(bool write)
    {
        if (Directory.Exists(_path))
        {
            throw StorageFaultException.Of(StoragePart.AuditLog, StorageFaultCause.NotAFile);
        }

        if (!write)
        {
            return;
        }

        try
        {
            BeforeWrite?.Invoke();
            HomeFiles.ProbeWrite(Path.GetDirectoryName(_path)!);
        }
        catch (Exception ex) when (StorageFaultException.IsStorageError(ex))
        {
            throw StorageFaultException.From(StoragePart.AuditLog, ex);
        }
    }

    /// <summary>The writers' lock, taken without creating or writing anything; null where there is no lock file.</summary>
    private FileStream? AcquireReaderLock()
    {
        var lockPath = _path + ".lock";
        var deadline = _time.GetTimestamp() + (long)(LockWait.TotalSeconds * _time.TimestampFrequency);
        while (true)
        {
            try
            {
                return File.Exists(lockPath) ? new FileStream(lockPath, FileMode.Open, FileAccess.Read, FileShare.None, bufferSize: 0) : null;
            }
            catch (FileNotFoundException)
            {
                return null;
            }
            catch (IOException ex) when (IsLockBusy(ex) && _time.GetTimestamp() < deadline)
            {
                Thread.Sleep(5);
            }
        }
    }
}
