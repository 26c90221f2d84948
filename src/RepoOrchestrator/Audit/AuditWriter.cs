using RepoOrchestrator.Configuration;
using RepoOrchestrator.Errors;

namespace RepoOrchestrator.Audit;

/// <summary>
/// The single owner of appending to the audit log. Appends are serialised by <see cref="AuditFileLock"/> (in this
/// process and across processes, so the service and the command line can both write) and written as whole lines
/// with one write() per batch (appends that arrive together share it: see <see cref="GroupCommit{T}"/>). An append
/// completes once its line is written to the operating system, where a kill of the process cannot lose it;
/// <see cref="AuditDiskFlusher"/> flushes it to disk within milliseconds, and disposal flushes what is left. If a
/// line cannot be written, or the disk refused the last flush and still refuses, the append faults and the caller
/// must fail its request: nothing is served unaudited. Size rotation keeps `.1` … `.N` backups (a file is flushed to
/// disk before it is rotated) and the hash chain continues across rotation. Appending is asynchronous only.
/// </summary>
internal sealed class AuditWriter : IDisposable
{
    private readonly AuditSettings _settings;
    private readonly TimeProvider _time;
    private readonly string _path;
    private readonly GroupCommit<string> _commits;
    private readonly AuditDiskFlusher _disk;
    private readonly AuditFileLock _lock;
    private readonly Action<Exception> _onFlushFailure;
    private bool _wroteAny;

    // Cache of the chain at the end of the file, valid while the file still has this length and timestamp (another
    // process appending or rotating changes them, and then the file's last line is read again). Touched only while
    // the file lock is held.
    private long _cachedLength = -1;
    private DateTime _cachedWrite;
    private string _cachedChain = AuditChain.Genesis;

    /// <param name="flushFileToDisk">fsync of the file at the given path (tests observe when it runs).</param>
    /// <param name="onFlushFailure">Told of a background flush that failed (it is logged as critical).</param>
    public AuditWriter(AuditSettings settings, TimeProvider time, Action<string> flushFileToDisk, Action<Exception> onFlushFailure)
    {
        _settings = settings;
        _time = time;
        _path = settings.Path;
        _onFlushFailure = onFlushFailure;
        _lock = AuditFileLock.For(_path);
        _commits = new GroupCommit<string>(WriteBatchAsync);
        _disk = new AuditDiskFlusher(() => flushFileToDisk(_path), time, onFlushFailure);
    }

    /// <summary>Test seam: runs before each write to the file, where a test throws the I/O error a full disk would.</summary>
    internal Action? BeforeWrite { get; set; }

    /// <summary>Flushes to disk done so far, in the background and before rotations (for tests and diagnostics).</summary>
    internal long DiskFlushes => _disk.Flushes;

    /// <summary>The latest background flush; completes when nothing written is left unflushed by it (for tests).</summary>
    internal Task BackgroundFlush => _disk.Background;

    /// <summary>
    /// Appends `&lt;time&gt; | &lt;level&gt; | &lt;body&gt; | CHAIN:&lt;chain&gt;` (<paramref name="body"/> built by <see cref="AuditLine"/>);
    /// completes once it is written. Not cancellable: a line for something that happened is always written.
    /// </summary>
    public Task AppendAsync(string level, string body) => _commits.SubmitAsync(AuditLine.Content(_time.GetUtcNow(), level, body));

    /// <summary>
    /// Writes the lines of one group commit in order, each chained to the one before, with as few writes as rotation
    /// allows (one unless the batch crosses the size limit), then has them flushed to disk.
    /// </summary>
    private async ValueTask WriteBatchAsync(IReadOnlyList<string> contents)
    {
        try
        {
            _disk.ThrowIfFailing();
            AuditFileLock.Held held;
            try
            {
                held = await _lock.ForWriterAsync(_time, CancellationToken.None).ConfigureAwait(false);
            }
            catch (DirectoryNotFoundException)
            {
                // The log's folder is made (mode 0700) when the lock file cannot be opened for want of it (first line,
                // or the folder was deleted), not checked before every append: that was two syscalls per line (issue 19).
                HomeFiles.CreateFolder(Path.GetDirectoryName(_path)!);
                held = await _lock.ForWriterAsync(_time, CancellationToken.None).ConfigureAwait(false);
            }

            using (held)
            {
                WriteLocked(contents);
            }
        }
        catch (Exception ex) when (StorageFaultException.IsStorageError(ex))
        {
            // SECURITY: a line that cannot be written fails its request as a storage fault (507/503), not a crash.
            throw StorageFaultException.From(StoragePart.AuditLog, ex);
        }
    }

    private void WriteLocked(IReadOnlyList<string> contents)
    {
        var chain = ChainAtEnd(out var fileLength);
        using var pending = new MemoryStream();
        foreach (var content in contents)
        {
            var next = AuditChain.Compute(chain, content);
            var lineBytes = AuditLine.EncodedLength(content, next);
            if (fileLength + pending.Length > 0 && fileLength + pending.Length + lineBytes > _settings.MaxBytes)
            {
                Write(pending);
                _disk.FlushNow(); // a rotated file is complete and durable before it gets its backup name
                AuditFiles.Rotate(_path, _settings.BackupCount);
                fileLength = 0;
            }

            AuditLine.WriteTo(pending, content, next);
            chain = next;
        }

        Write(pending);
        var written = new FileInfo(_path);
        (_cachedLength, _cachedWrite) = (written.Length, written.LastWriteTimeUtc);
        _cachedChain = chain;
        _wroteAny = true;
        _disk.Written();
    }

    /// <summary>One write of whole lines to the current file.</summary>
    private void Write(MemoryStream pending)
    {
        if (pending.Length == 0)
        {
            return;
        }

        _cachedLength = -1; // until the write is confirmed, the chain at the end must be read back from the file
        BeforeWrite?.Invoke();
        // bufferSize 0: one write() of the whole batch, and no 4 KiB buffer allocated per append.
#pragma warning disable RS0030 // owner: the audit writer is the one appender of the audit log
        using (var stream = new FileStream(_path, HomeFiles.Options(FileMode.Append, FileAccess.Write, FileShare.ReadWrite | FileShare.Delete, bufferSize: 0)))
#pragma warning restore RS0030
        {
            stream.Write(pending.GetBuffer().AsSpan(0, (int)pending.Length));
        }

        pending.SetLength(0);
    }

    /// <summary>
    /// The chain value of the last complete line. A half line left by a hard kill (no trailing newline) is cut off
    /// first: it was never a complete event, and keeping it would break every later line.
    /// </summary>
    /// <param name="fileLength">The file's length after that cut (0 when there is no file): where rotation is decided.</param>
    private string ChainAtEnd(out long fileLength)
    {
        var info = new FileInfo(_path);
        fileLength = info.Exists ? info.Length : 0;
        if (info.Exists && info.Length == _cachedLength && info.LastWriteTimeUtc == _cachedWrite)
        {
            return _cachedChain;
        }

        if (info.Exists && info.Length > 0)
        {
            AuditFiles.TruncatePartialLastLine(_path);
            info.Refresh();
            fileLength = info.Exists ? info.Length : 0;
            if (AuditFiles.ReadLastLines(_path, 1) is [var last] && AuditChain.TrySplit(last, out _, out var chain))
            {
                return chain;
            }
        }

        if (AuditFiles.ReadLastLines(_path + ".1", 1) is [var rotated] && AuditChain.TrySplit(rotated, out _, out var rotatedChain))
        {
            return rotatedChain;
        }

        return _cachedLength >= 0 ? _cachedChain : AuditChain.Genesis;
    }

    /// <summary>
    /// For /health when the log is known to be failing: a small file can be written beside it. Throws the
    /// <see cref="StorageFaultException"/> an append would get.
    /// </summary>
    public void ProbeWrite()
    {
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

    /// <summary>Flushes to disk what this writer has written and not yet flushed (the command line exits right after).</summary>
    public void Dispose()
    {
        if (!_wroteAny)
        {
            return;
        }

        try
        {
            _disk.FlushNow();
        }
#pragma warning disable CA1031 // Dispose must not throw; every append already returned, so report and go on
        catch (Exception ex)
#pragma warning restore CA1031
        {
            _onFlushFailure(ex);
        }
    }
}
