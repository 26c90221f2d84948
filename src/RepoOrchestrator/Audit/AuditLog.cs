using RepoOrchestrator.Configuration;

namespace RepoOrchestrator.Audit;

/// <summary>
/// The audit log as services use it: one singleton that every feature injects, over <see cref="AuditWriter"/> (the
/// only code that appends), <see cref="AuditReader"/> (tail, last line, consistent reads) and <see cref="AuditLine"/>
/// (the format). Kept as a thin façade so the dozen features that audit keep one dependency; it holds no logic of
/// its own. Appends are asynchronous only: every caller awaits its line, which is written before the task completes.
/// </summary>
public sealed partial class AuditLog : IDisposable
{
    private readonly AuditWriter _writer;

    public AuditLog(AuditSettings settings, TimeProvider time, ILogger<AuditLog>? logger = null)
        : this(settings, time, AuditFiles.FlushToDisk, logger)
    {
    }

    /// <param name="flushFileToDisk">fsync of the file at the given path (tests observe when it runs).</param>
    internal AuditLog(AuditSettings settings, TimeProvider time, Action<string> flushFileToDisk, ILogger<AuditLog>? logger = null)
    {
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(time);
        var log = logger ?? (ILogger)Microsoft.Extensions.Logging.Abstractions.NullLogger.Instance;
        var path = settings.Path;
        _writer = new AuditWriter(settings, time, flushFileToDisk, ex => LogFlushFailed(log, path, ex));
        Reader = new AuditReader(path, time);
    }

    public string FilePath => Reader.FilePath;

    public AuditReader Reader { get; }

    /// <summary>Appends an <see cref="AuditLine.OperationBody"/> line; completes once it is written (many requests share one write).</summary>
    public Task OperationAsync(string op, string actor, string path = "-", string range = "-", string hash = "-", string level = "INFO") =>
        _writer.AppendAsync(level, AuditLine.OperationBody(op, actor, path, range, hash, AuditCaller.Current));

    /// <summary>Appends an <see cref="AuditLine.PanicBody"/> line at level CRITICAL; completes once it is written.</summary>
    public Task PanicAsync(string correlationId, string payloadHash, string reason, string actor) =>
        _writer.AppendAsync("CRITICAL", AuditLine.PanicBody(correlationId, payloadHash, reason, actor));

    /// <inheritdoc cref="AuditReader.Tail"/>
    public IReadOnlyList<string> Tail(int count) => Reader.Tail(count);

    public string? LastLine() => Reader.LastLine();

    /// <inheritdoc cref="AuditReader.WithWritersPausedAsync"/>
    public Task<T> WithWritersPausedAsync<T>(Func<T> read, CancellationToken cancellationToken = default) =>
        Reader.WithWritersPausedAsync(read, cancellationToken);

    /// <summary>
    /// For /health: the audit path is usable (not a folder), and, when <paramref name="write"/> (the log is known to
    /// be failing), a small file can be written beside it. Throws the StorageFaultException a read or append would get.
    /// </summary>
    public void Probe(bool write)
    {
        Reader.ProbeRead();
        if (write)
        {
            _writer.ProbeWrite();
        }
    }

    /// <summary>Test seam: runs before each write to the file, where a test throws the I/O error a full disk would.</summary>
    internal Action? BeforeWrite
    {
        get => _writer.BeforeWrite;
        set => _writer.BeforeWrite = value;
    }

    /// <inheritdoc cref="AuditWriter.DiskFlushes"/>
    internal long DiskFlushes => _writer.DiskFlushes;

    /// <inheritdoc cref="AuditWriter.BackgroundFlush"/>
    internal Task BackgroundFlush => _writer.BackgroundFlush;

    /// <summary>Flushes to disk what was written and not yet flushed (the command line exits right after).</summary>
    public void Dispose() => _writer.Dispose();

    [LoggerMessage(EventId = 2500, Level = LogLevel.Critical,
        Message = "Audit lines were written to {Path} but could not be flushed to disk; they may be lost on power failure, and appends fail until a flush succeeds")]
    private static partial void LogFlushFailed(ILogger logger, string path, Exception ex);
}
