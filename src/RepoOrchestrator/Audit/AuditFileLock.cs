using System.Collections.Concurrent;
using RepoOrchestrator.Configuration;

namespace RepoOrchestrator.Audit;

/// <summary>
/// Who may append to (or rotate) one audit file right now. It guards the read-chain-append-rotate sequence of
/// <see cref="AuditWriter"/>, so two writers never chain from the same line or rotate under each other, and lets a
/// reader (`audit verify`) see one consistent set of files.
/// In this process: one <see cref="SemaphoreSlim"/> per file, shared by every writer and reader of that file and
/// awaited, so waiting holds no thread and never polls. Across processes (the service and the command line):
/// an exclusive lock on `&lt;log&gt;.lock`. .NET can only TRY that lock (FileShare.None is a non-blocking flock), and a
/// blocking flock would hold a thread with no bound, so a lock held by another process is retried every
/// <see cref="RetryInterval"/> on the service's <see cref="TimeProvider"/>, for at most <see cref="LockWait"/>; the
/// other process holds it only for one write (milliseconds). After that the busy error fails the append.
/// </summary>
#pragma warning disable CA1001 // one per audit file for the life of the process; its SemaphoreSlim never creates a wait handle to free
internal sealed class AuditFileLock
#pragma warning restore CA1001
{
    public static readonly TimeSpan LockWait = TimeSpan.FromSeconds(10);
    public static readonly TimeSpan RetryInterval = TimeSpan.FromMilliseconds(5);

    private static readonly ConcurrentDictionary<string, AuditFileLock> InProcess = new(StringComparer.Ordinal);
    private readonly SemaphoreSlim _gate = new(1, 1);
    private readonly string _lockPath;

    private AuditFileLock(string logPath) => _lockPath = logPath + ".lock";

    /// <summary>The one lock of the audit file at <paramref name="logPath"/> in this process (keep it: it is looked up by full path).</summary>
    public static AuditFileLock For(string logPath) =>
        InProcess.GetOrAdd(logPath.Length == 0 ? logPath : Path.GetFullPath(logPath), static path => new AuditFileLock(path));

    /// <summary>
    /// Holds the file for a writer: this process's gate, then the lock file (created, mode 0600, when missing).
    /// Dispose the result to release both.
    /// </summary>
    public ValueTask<Held> ForWriterAsync(TimeProvider time, CancellationToken cancellationToken) =>
        AcquireAsync(write: true, time, cancellationToken);

    /// <summary>
    /// Holds the file for a reader. Needs no write access: the lock file is opened read-only (an exclusive lock needs
    /// no write), and where it does not exist (a copy of the logs, a log never written) no writer can be appending.
    /// </summary>
    public ValueTask<Held> ForReaderAsync(TimeProvider time, CancellationToken cancellationToken) =>
        AcquireAsync(write: false, time, cancellationToken);

    private async ValueTask<Held> AcquireAsync(bool write, TimeProvider time, CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            return new Held(_gate, await OpenLockFileAsync(_lockPath, write, time, cancellationToken).ConfigureAwait(false));
        }
        catch
        {
            _gate.Release();
            throw;
        }
    }

    private static async ValueTask<FileStream?> OpenLockFileAsync(string lockPath, bool write, TimeProvider time, CancellationToken cancellationToken)
    {
        var started = time.GetTimestamp();
        while (true)
        {
            try
            {
                // SECURITY: one writer at a time across processes, so the chain never forks.
                return write
#pragma warning disable RS0030 // owner: the audit log owns its lock file
                    ? new FileStream(lockPath, HomeFiles.Options(FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None, bufferSize: 0))
#pragma warning restore RS0030
                    : File.Exists(lockPath) ? new FileStream(lockPath, FileMode.Open, FileAccess.Read, FileShare.None, bufferSize: 0) : null;
            }
            catch (FileNotFoundException) when (!write)
            {
                return null;
            }
            catch (IOException ex) when (IsBusy(ex) && time.GetElapsedTime(started) < LockWait)
            {
                // Another process is appending; retried below, on the clock, not by sleeping a thread.
            }

            await Task.Delay(RetryInterval, time, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Another writer holds the lock; a full, read-only or missing disk is not worth waiting for.</summary>
    private static bool IsBusy(IOException ex) =>
        ex is not (FileNotFoundException or DirectoryNotFoundException) && ex.HResult is not (28 or 30 or 122);

    /// <summary>The gate and the lock file, held until disposed.</summary>
    internal readonly struct Held(SemaphoreSlim gate, FileStream? lockFile) : IDisposable
    {
        public void Dispose()
        {
            lockFile?.Dispose();
            gate.Release();
        }
    }
}
