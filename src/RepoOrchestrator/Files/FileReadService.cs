using System.Text;
using Microsoft.Win32.SafeHandles;
using RepoOrchestrator.Configuration;
using RepoOrchestrator.Errors;
using RepoOrchestrator.Reading;
using RepoOrchestrator.Security.HiddenText;
using RepoOrchestrator.Security.Paths;
using RepoOrchestrator.Security.Redaction;
using RepoOrchestrator.Snapshots;

namespace RepoOrchestrator.Files;

/// <summary>
/// Reads a file for /file and the MCP read_file tool (SPEC 6), in the order of the read pipeline
/// (<see cref="ReadPipeline"/>): repository, guard and allowlist, one read of the live file into memory, size and
/// binary checks, a content-addressed snapshot of exactly those bytes, slice, redaction (private-key lines masked
/// in context), byte cap, audit. The body is built from the bytes that were hashed into the snapshot, so what is
/// served is what the snapshot holds. The audit line is written before the answer leaves: if it cannot be
/// written, the read fails.
/// </summary>
public sealed partial class FileReadService(
    ReadLimits limits,
    ReadPipeline pipeline,
    SnapshotStore snapshots,
    ITextRedactor redactor,
    ServedFileRule servedFiles,
    ILogger<FileReadService> logger)
{
    // Same bytes and range, same body: a re-read of unchanged content skips slicing, redaction and hashing.
    private readonly FileBodyCache _bodies = new();

    /// <summary>The failures <see cref="ReadAsync"/> can answer, declared once for the OpenAPI document (FileEndpoints).</summary>
    public static readonly ExpectedProblems Failures = new([
        StatusCodes.Status400BadRequest, StatusCodes.Status403Forbidden, StatusCodes.Status404NotFound,
        StatusCodes.Status409Conflict, StatusCodes.Status413PayloadTooLarge, StatusCodes.Status415UnsupportedMediaType,
        StatusCodes.Status416RangeNotSatisfiable, StatusCodes.Status422UnprocessableEntity,
    ]);

    public Task<Outcome<FileReadResult>> ReadAsync(FileReadRequest request, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(request);
        return ReadPipeline.RunAsync(() => ReadCoreAsync(request, ct));
    }

    private async Task<Outcome<FileReadResult>> ReadCoreAsync(FileReadRequest request, CancellationToken ct)
    {
        var caller = new ReadCaller(request.Actor, request.OperationPrefix);
        if (!pipeline.Repository().TryGet(out var repo, out var problem))
        {
            return problem;
        }

        if (ReadWindow.Refusal(request.StartLine, request.EndLine) is { } badRange)
        {
            return badRange;
        }

        if (!(await pipeline.GuardFileAsync(repo, caller, request.Path)).TryGet(out var target, out problem))
        {
            return problem;
        }

        ct.ThrowIfCancellationRequested();

        // Read on this thread: the read is synchronous either way, and a hop to another pool thread only adds a switch.
        if (!(await pipeline.AuditDenialAsync(caller, request.Path, () => Load(target))).TryGet(out var loaded, out problem))
        {
            return problem;
        }

        using var content = loaded;
        if (TextLines.LooksBinary(content.Span))
        {
            return Problem.UnsupportedMediaType($"Binary file: '{target.RelativePath}' is not served (it has a NUL byte in its first 8 KiB).");
        }

        // An empty answer for a start past the end reads as "the file is empty" to an agent: say it, with the length.
        // (Checked before the snapshot and the cache, so a past-the-end range is never cached.)
        if (request.StartLine > 1 && TextLines.Count(content.Span) is var lineCount && request.StartLine > lineCount)
        {
            return new Problem(StatusCodes.Status416RangeNotSatisfiable,
                $"start_line {request.StartLine} is past the end of '{target.RelativePath}', which has {lineCount} line(s): ask for start_line 1 to {Math.Max(lineCount, 1)}.",
                "range-not-satisfiable");
        }

        var snapshot = snapshots.Store(content.Span);
        var maxBytes = Math.Clamp(request.MaxBytes ?? limits.MaxBytes, 0, limits.MaxBytes);
        if (!_bodies.TryGet(snapshot.Id, request.StartLine, request.EndLine, maxBytes, out var built))
        {
            var (text, isTruncated, lines, end, hidden) = BuildBody(content.Span, request.StartLine, request.EndLine, maxBytes);
            var utf8 = Encoding.UTF8.GetBytes(text);
            built = new FileBody(utf8, isTruncated, lines, end, ReadAudit.Sha256Hex(utf8), hidden);
            _bodies.Add(snapshot.Id, request.StartLine, request.EndLine, maxBytes, built);
        }

        var (body, truncated, total, servedEnd, hash, hiddenCount) = built;
        var range = $"{request.StartLine}-{servedEnd}";
        await pipeline.AuditAsync(caller, "READ_SNAPSHOT", target.RelativePath, range, hash);
        LogServed(logger, target.RelativePath, range, snapshot.Id, hash);
        return new FileReadResult(target.RelativePath, body, total, hash, truncated, request.StartLine, servedEnd, hiddenCount);
    }

    private (string Body, bool Truncated, int Total, int ServedEnd, int Hidden) BuildBody(ReadOnlySpan<byte> bytes, int start, int? requestedEnd, int maxBytes)
    {
        var total = TextLines.Count(bytes);
        if (start > total)
        {
            return ("", false, total, start - 1, 0); // past the end: empty body, X-Total-Lines tells the real length
        }

        // A range longer than ORCH_MAX_LINES is cut; a default end is a full page from the start (never a silent truncation).
        var (lastLine, stoppedEarly) = ReadWindow.Slice(start, requestedEnd, total, limits.MaxLines);
        // SECURITY: the redactor gets the whole file and the window, so key blocks and next-line values are judged in context.
        // SECURITY: then hidden characters are shown as <U+XXXX> (after redaction; RevealingRedaction says why).
        var (text, hidden) = RevealingRedaction.RedactLines(redactor, Encoding.UTF8.GetString(bytes), start, lastLine);

        var (body, truncated) = pipeline.Cap(text, stoppedEarly, maxBytes);
        return (body, truncated, total, ReadWindow.ServedEnd(start, lastLine, text, body), hidden);
    }

    private Outcome<PooledBytes> Load(GuardedPath target)
    {
        SafeFileHandle handle;
        long length;
        try
        {
            handle = SafeFileAccess.OpenRegular(target.FullPath, servedFiles, out length);
        }
        catch (Exception ex) when (ex is FileNotFoundException or DirectoryNotFoundException)
        {
            return Problem.NotFound($"Not found: '{target.RelativePath}'.");
        }
        catch (HardLinkException)
        {
            LogOpenRefused(logger, nameof(HardLinkException));
            return Problem.Forbidden(HardLinkException.Detail); // SECURITY: hard links are not served
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or PlatformNotSupportedException)
        {
            LogOpenRefused(logger, ex.GetType().Name);
            return Problem.Forbidden(PathGuard.DeniedDetail); // SECURITY: fail closed (swapped file, FIFO, no permission)
        }

        using (handle)
        {
            return PooledBytes.Read(handle, limits.MaxFileBytes, length) is { } bytes
                ? bytes
                : Problem.TooLarge($"File too large: '{target.RelativePath}' exceeds ORCH_MAX_FILE_BYTES ({limits.MaxFileBytes} bytes).");
        }
    }

    [LoggerMessage(EventId = 3200, Level = LogLevel.Debug, Message = "Served {Path} lines {Range} from snapshot {SnapshotId} (body sha256 {BodyHash})")]
    private static partial void LogServed(ILogger logger, string path, string range, string snapshotId, string bodyHash);

    [LoggerMessage(EventId = 3201, Level = LogLevel.Warning, Message = "Refused to open a checked file ({Error})")]
    private static partial void LogOpenRefused(ILogger logger, string error);
}
