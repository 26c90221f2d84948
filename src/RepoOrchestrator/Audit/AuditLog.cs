using System.Globalization;
using System.Text;
using RepoOrchestrator.Configuration;

namespace RepoOrchestrator.Audit;

/// <summary>
/// The only writer of the audit log. Appends are serialised inside the process (a lock) and across processes
/// (an exclusive lock file, so the service and the command-line tool can both write), written as one whole
/// line and flushed to disk before returning. If a line cannot be written the caller gets an exception and
/// must fail its request: nothing is served unaudited. Size rotation keeps `.1` … `.N` backups and the hash
/// chain continues across rotation.
/// </summary>
public sealed class AuditLog(OrchestratorOptions options, TimeProvider time)
{
    private static readonly TimeSpan LockWait = TimeSpan.FromSeconds(10);
    private readonly Lock _gate = new();
    private readonly string _path = options.AuditLogPath;

    // Cache of the chain at the end of the file, valid while the file still has this length and timestamp
    // (another process appending or rotating changes them, and then the file's last line is read again).
    private long _cachedLength = -1;
    private DateTime _cachedWrite;
    private string _cachedChain = AuditChain.Genesis;

    public string FilePath => _path;

    /// <summary>`OP:&lt;op&gt; | PATH:&lt;path&gt; | RANGE:&lt;range&gt; | HASH:&lt;hash&gt; | ACTOR:&lt;actor&gt;`.</summary>
    public void Operation(string op, string actor, string path = "-", string range = "-", string hash = "-", string level = "INFO") =>
        Append(level, $"OP:{Clean(op)} | PATH:{Clean(path)} | RANGE:{Clean(range)} | HASH:{Clean(hash)} | ACTOR:{Clean(actor)}");

    /// <summary>`PANIC | ID:&lt;correlation&gt; | HASH:&lt;payload sha256&gt; | REASON:&lt;reason&gt; | ACTOR:&lt;actor&gt;`.</summary>
    public void Panic(string correlationId, string payloadHash, string reason, string actor) =>
        Append("CRITICAL", $"PANIC | ID:{Clean(correlationId)} | HASH:{Clean(payloadHash)} | REASON:{Clean(reason)} | ACTOR:{Clean(actor)}");

    /// <summary>Appends `&lt;time&gt; | &lt;level&gt; | &lt;body&gt; | CHAIN:&lt;chain&gt;` and flushes it to disk.</summary>
    public void Append(string level, string body)
    {
        var stamp = time.GetUtcNow().UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);
        var content = $"{stamp} | {Clean(level)} | {body}";
        lock (_gate)
        {
            Directory.CreateDirectory(Path.GetDirectoryName(_path)!);
            using var crossProcess = AcquireFileLock();
            var previous = ChainAtEnd();
            var chain = AuditChain.Compute(previous, content);
            var bytes = Encoding.UTF8.GetBytes(content + AuditChain.FieldPrefix + chain + "\n");
            RotateIfNeeded(bytes.Length);
            using (var stream = new FileStream(_path, FileMode.Append, FileAccess.Write, FileShare.ReadWrite | FileShare.Delete))
            {
                stream.Write(bytes); // one write of one whole line
                stream.Flush(flushToDisk: true);
            }

            var written = new FileInfo(_path);
            (_cachedLength, _cachedWrite) = (written.Length, written.LastWriteTimeUtc);

            _cachedChain = chain;
        }
    }

    /// <summary>The last <paramref name="count"/> lines, oldest first, reaching into `.1` when the current file is short.</summary>
    public IReadOnlyList<string> Tail(int count)
    {
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

    public string? LastLine() => Tail(1) is [var line] ? line : null;

    /// <summary>Replaces CR, LF and the field separator so a value can never forge a line or a field.</summary>
    public static string Clean(string? value)
    {
        if (string.IsNullOrEmpty(value))
        {
            return "-";
        }

        var builder = new StringBuilder(value.Length);
        foreach (var c in value)
        {
            builder.Append(c switch
            {
                '\r' => "\\r",
                '\n' => "\\n",
                '|' => "%7C",
                _ when char.IsControl(c) => "?",
                _ => c.ToString(),
            });
        }

        return builder.ToString();
    }

    private FileStream AcquireFileLock()
    {
        var lockPath = _path + ".lock";
        var deadline = time.GetTimestamp() + (long)(LockWait.TotalSeconds * time.TimestampFrequency);
        while (true)
        {
            try
            {
                return new FileStream(lockPath, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
            }
            catch (IOException) when (time.GetTimestamp() < deadline)
            {
                Thread.Sleep(5); // another process is appending; its critical section is a few milliseconds
            }
        }
    }

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

    private void RotateIfNeeded(int incoming)
    {
        var info = new FileInfo(_path);
        if (!info.Exists || info.Length == 0 || info.Length + incoming <= options.AuditLogMaxBytes)
        {
            return;
        }

        var backups = options.AuditLogBackupCount;
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

        _cachedLength = 0;
    }
}
