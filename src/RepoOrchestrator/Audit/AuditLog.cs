using System.Buffers;
using System.Globalization;
using System.Text;
using RepoOrchestrator.Configuration;
using RepoOrchestrator.Errors;

namespace RepoOrchestrator.Audit;

/// <summary>
/// The only writer of the audit log. Appends are serialised inside the process (a lock) and across processes
/// (an exclusive lock file, so the service and the command-line tool can both write) and written as whole
/// lines with one write() each batch (appends that arrive together share it: see <see cref="GroupCommit{T}"/>).
/// An append returns once its line is written to the operating system, where a kill of the process cannot lose
/// it; <see cref="AuditDiskFlusher"/> flushes it to disk within milliseconds, and disposal flushes what is left.
/// If a line cannot be written, or the disk refused the last flush and still refuses, the caller gets an
/// exception and must fail its request: nothing is served unaudited. Size rotation keeps `.1` … `.N` backups
/// (a file is flushed to disk before it is rotated) and the hash chain continues across rotation.
/// </summary>
public sealed partial class AuditLog : IDisposable
{
    private static readonly TimeSpan LockWait = TimeSpan.FromSeconds(10);

    // '|' and every control character (char.IsControl: U+0000-U+001F and U+007F-U+009F).
    private static readonly SearchValues<char> NeedsCleaning = SearchValues.Create(
        "|" + string.Concat(Enumerable.Range(0, 0x20).Concat(Enumerable.Range(0x7F, 0x21)).Select(i => (char)i)));
    private readonly OrchestratorOptions _options;
    private readonly TimeProvider _time;
    private readonly string _path;
    private readonly GroupCommit<string> _commits;
    private readonly AuditDiskFlusher _disk;
    private readonly ILogger _logger;
    private bool _wroteAny;
    private readonly Lock _gate = new(); // held while writing, and by WithWritersPaused to hold writers back

    // Cache of the chain at the end of the file, valid while the file still has this length and timestamp
    // (another process appending or rotating changes them, and then the file's last line is read again).
    private long _cachedLength = -1;
    private DateTime _cachedWrite;
    private string _cachedChain = AuditChain.Genesis;

    public AuditLog(OrchestratorOptions options, TimeProvider time, ILogger<AuditLog>? logger = null)
        : this(options, time, FsyncFile, logger)
    {
    }

    /// <param name="flushFileToDisk">fsync of the file at the given path (tests observe when it runs).</param>
    internal AuditLog(OrchestratorOptions options, TimeProvider time, Action<string> flushFileToDisk, ILogger<AuditLog>? logger = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        _options = options;
        _time = time;
        _path = options.AuditLogPath;
        _logger = logger ?? (ILogger)Microsoft.Extensions.Logging.Abstractions.NullLogger.Instance;
        _commits = new GroupCommit<string>(WriteBatch);
        _disk = new AuditDiskFlusher(() => flushFileToDisk(_path), ex => LogFlushFailed(_logger, _path, ex));
    }

    public string FilePath => _path;

    /// <summary>`OP:&lt;op&gt; | PATH:&lt;path&gt; | RANGE:&lt;range&gt; | HASH:&lt;hash&gt; | ACTOR:&lt;actor&gt;`.</summary>
    public void Operation(string op, string actor, string path = "-", string range = "-", string hash = "-", string level = "INFO") =>
        Append(level, $"OP:{Clean(op)} | PATH:{Clean(path)} | RANGE:{Clean(range)} | HASH:{Clean(hash)} | ACTOR:{Clean(actor)}");

    /// <summary>
    /// <see cref="Operation"/> for request paths: completes once the line is written, without holding a thread
    /// while a concurrent write finishes (many requests then share one write).
    /// </summary>
    public Task OperationAsync(string op, string actor, string path = "-", string range = "-", string hash = "-", string level = "INFO") =>
        _commits.SubmitAsync(Line(level, $"OP:{Clean(op)} | PATH:{Clean(path)} | RANGE:{Clean(range)} | HASH:{Clean(hash)} | ACTOR:{Clean(actor)}"));

    /// <summary>`PANIC | ID:&lt;correlation&gt; | HASH:&lt;payload sha256&gt; | REASON:&lt;reason&gt; | ACTOR:&lt;actor&gt;`.</summary>
    public void Panic(string correlationId, string payloadHash, string reason, string actor) =>
        Append("CRITICAL", $"PANIC | ID:{Clean(correlationId)} | HASH:{Clean(payloadHash)} | REASON:{Clean(reason)} | ACTOR:{Clean(actor)}");

    /// <summary>Appends `&lt;time&gt; | &lt;level&gt; | &lt;body&gt; | CHAIN:&lt;chain&gt;` and returns once it is written.</summary>
    public void Append(string level, string body) => _commits.Submit(Line(level, body));

    private string Line(string level, string body)
    {
        var stamp = _time.GetUtcNow().UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);
        return $"{stamp} | {Clean(level)} | {body}";
    }

    /// <summary>
    /// Writes the lines of one group commit in order, each chained to the one before, with as few writes as
    /// rotation allows (one unless the batch crosses the size limit), then has them flushed to disk.
    /// </summary>
    private void WriteBatch(IReadOnlyList<string> contents)
    {
        lock (_gate)
        {
            try
            {
                WriteBatchLocked(contents);
            }
            catch (Exception ex) when (StorageFaultException.IsStorageError(ex))
            {
                // SECURITY: a line that cannot be written fails its request as a storage fault (507/503), not a crash.
                throw StorageFaultException.From(StoragePart.AuditLog, ex);
            }
        }
    }

    /// <summary>Test seam: runs before each write to the file, where a test throws the I/O error a full disk would.</summary>
    internal Action? BeforeWrite { get; set; }

    private void WriteBatchLocked(IReadOnlyList<string> contents)
    {
        _disk.ThrowIfFailing();
        HomeFiles.CreateFolder(Path.GetDirectoryName(_path)!);
        using var crossProcess = AcquireFileLock();
        var chain = ChainAtEnd();
        var info = new FileInfo(_path);
        var fileLength = info.Exists ? info.Length : 0;
        using var pending = new MemoryStream();
        foreach (var content in contents)
        {
            var next = AuditChain.Compute(chain, content);
            var lineBytes = Encoding.UTF8.GetByteCount(content) + AuditChain.FieldPrefix.Length + next.Length + 1;
            if (fileLength + pending.Length > 0 && fileLength + pending.Length + lineBytes > _options.AuditLogMaxBytes)
            {
                Write(pending);
                _disk.FlushNow(); // a rotated file is complete and durable before it gets its backup name
                Rotate();
                fileLength = 0;
            }

            AppendUtf8(pending, content);
            AppendUtf8(pending, AuditChain.FieldPrefix);
            AppendUtf8(pending, next);
            pending.WriteByte((byte)'\n');
            chain = next;
        }

        Write(pending);
        var written = new FileInfo(_path);
        (_cachedLength, _cachedWrite) = (written.Length, written.LastWriteTimeUtc);
        _cachedChain = chain;
        _wroteAny = true;
        _disk.Written();
    }

    private static void AppendUtf8(MemoryStream pending, string text)
    {
        var start = (int)pending.Length;
        pending.SetLength(start + Encoding.UTF8.GetByteCount(text));
        Encoding.UTF8.GetBytes(text, pending.GetBuffer().AsSpan(start));
        pending.Position = pending.Length;
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
        using (var stream = new FileStream(_path, HomeFiles.Options(FileMode.Append, FileAccess.Write, FileShare.ReadWrite | FileShare.Delete, bufferSize: 0)))
        {
            stream.Write(pending.GetBuffer().AsSpan(0, (int)pending.Length));
        }

        pending.SetLength(0);
    }

    /// <summary>Flushes to disk done so far, in the background and before rotations (for tests and diagnostics).</summary>
    internal long DiskFlushes => _disk.Flushes;

    /// <summary>fsync of the current file: covers every line written to it, by this process or another.</summary>
    private static void FsyncFile(string path)
    {
        try
        {
            using var stream = new FileStream(path, FileMode.Open, FileAccess.Write, FileShare.ReadWrite | FileShare.Delete, bufferSize: 0);
            stream.Flush(flushToDisk: true);
        }
        catch (Exception ex) when (ex is FileNotFoundException or DirectoryNotFoundException)
        {
            // Rotated away with no backups kept: the lines were flushed before the rotation.
        }
    }

    /// <summary>Flushes to disk what this writer has written and not yet flushed (the command line exits right after).</summary>
    public void Dispose()
    {
        if (_wroteAny)
        {
            try
            {
                _disk.FlushNow();
            }
#pragma warning disable CA1031 // Dispose must not throw; every append already returned, so report and go on
            catch (Exception ex)
#pragma warning restore CA1031
            {
                LogFlushFailed(_logger, _path, ex);
            }
        }
    }

    /// <summary>Replaces CR, LF and the field separator so a value can never forge a line or a field.</summary>
    public static string Clean(string? value)
    {
        if (string.IsNullOrEmpty(value))
        {
            return "-";
        }

        if (!value.AsSpan().ContainsAny(NeedsCleaning))
        {
            return value; // the common case: nothing to replace, nothing to allocate
        }

        var builder = new StringBuilder(value.Length + 8);
        foreach (var c in value)
        {
            _ = c switch
            {
                '\r' => builder.Append("\\r"),
                '\n' => builder.Append("\\n"),
                '|' => builder.Append("%7C"),
                _ when char.IsControl(c) => builder.Append('?'),
                _ => builder.Append(c),
            };
        }

        return builder.ToString();
    }

    private FileStream AcquireFileLock()
    {
        var lockPath = _path + ".lock";
        var deadline = _time.GetTimestamp() + (long)(LockWait.TotalSeconds * _time.TimestampFrequency);
        while (true)
        {
            try
            {
                return new FileStream(lockPath, HomeFiles.Options(FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None, bufferSize: 0));
            }
            catch (IOException ex) when (IsLockBusy(ex) && _time.GetTimestamp() < deadline)
            {
                Thread.Sleep(5); // another process is appending; its critical section is a few milliseconds
            }
        }
    }

    /// <summary>Another writer holds the lock; a full, read-only or missing disk is not worth waiting for.</summary>
    private static bool IsLockBusy(IOException ex) =>
        ex is not (FileNotFoundException or DirectoryNotFoundException) && ex.HResult is not (28 or 30 or 122);

    /// <summary>
    /// The chain value of the last complete line. A half line left by a hard kill (no trailing newline) is
    /// cut off first: it was never a complete event, and keeping it would break every later line.
    /// </summary>
    private string ChainAtEnd()
    {
        var info = new FileInfo(_path);
        if (info.Exists && info.Length == _cachedLength && info.LastWriteTimeUtc == _cachedWrite)
        {
            return _cachedChain;
        }

        if (info.Exists && info.Length > 0)
        {
            AuditFiles.TruncatePartialLastLine(_path);
            var last = AuditFiles.ReadLastLines(_path, 1);
            if (last.Count == 1 && AuditChain.TrySplit(last[0], out _, out var chain))
            {
                return chain;
            }
        }

        var rotated = AuditFiles.ReadLastLines(_path + ".1", 1);
        if (rotated.Count == 1 && AuditChain.TrySplit(rotated[0], out _, out var rotatedChain))
        {
            return rotatedChain;
        }

        return _cachedLength >= 0 ? _cachedChain : AuditChain.Genesis;
    }

    private void Rotate()
    {
        var backups = _options.AuditLogBackupCount;
        if (backups == 0)
        {
            File.Delete(_path);
        }
        else
        {
            File.Delete($"{_path}.{backups}");
            for (var i = backups - 1; i >= 1; i--)
            {
                if (File.Exists($"{_path}.{i}"))
                {
                    File.Move($"{_path}.{i}", $"{_path}.{i + 1}");
                }
            }

            File.Move(_path, _path + ".1");
        }
    }

    [LoggerMessage(EventId = 2500, Level = LogLevel.Critical,
        Message = "Audit lines were written to {Path} but could not be flushed to disk; they may be lost on power failure, and appends fail until a flush succeeds")]
    private static partial void LogFlushFailed(ILogger logger, string path, Exception ex);
}
