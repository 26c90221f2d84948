using System.Globalization;
using System.Text.RegularExpressions;
using RepoOrchestrator.Configuration;
using RepoOrchestrator.Errors;
using RepoOrchestrator.Reading;

namespace RepoOrchestrator.Files;

/// <summary>
/// Several files in one call (`GET /files`, MCP `read_files`): up to <see cref="MaxFiles"/> files, each an ordinary
/// <see cref="FileReadService.ReadAsync"/> (pipeline, snapshot, redaction, cap and audit line of its own), under one
/// byte budget (ORCH_MAX_BYTES for the whole answer): each read is capped at what the budget has left, and once it is
/// spent the remaining files are not read at all (no audit line for a read that served nothing) and say how to read
/// them. A file that fails is reported in its entry; a malformed batch (400) or a repository the caller cannot read
/// (403, 404, 409: the same for every file) fails as a whole.
/// </summary>
public sealed partial class FileBatchService(FileReadService files, ReadPipeline pipeline, ReadLimits limits)
{
    public const int MaxFiles = 20;

    /// <summary>Below this many bytes left, another file is not worth a read: it is skipped with a note.</summary>
    private const int MinUsefulBytes = 256;

    /// <summary>The failures of <see cref="ReadAsync"/> as a whole; each file's own failure is in its entry.</summary>
    public static readonly ExpectedProblems Failures = new([
        StatusCodes.Status400BadRequest, StatusCodes.Status403Forbidden, StatusCodes.Status404NotFound, StatusCodes.Status409Conflict,
    ]);

    public async Task<Outcome<FileBatchResult>> ReadAsync(IReadOnlyList<string> specs, string actor, string operationPrefix, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(specs);
        if (specs.Count is 0 or > MaxFiles)
        {
            return Problem.BadRequest(
                $"Query parameter 'path' must be given 1 to {MaxFiles} times (it was given {specs.Count}): one per file, e.g. path=src/a.py&path=src/b.py:10-40.");
        }

        // The repository is the batch's, not a file's: one that cannot be read refuses the batch (each read checks it again).
        if (!pipeline.Repository().TryGet(out _, out var refused))
        {
            return refused;
        }

        var remaining = limits.MaxBytes;
        var entries = new List<FileBatchEntry>(specs.Count);
        foreach (var spec in specs)
        {
            var (path, start, end) = Parse(spec);
            if (remaining < MinUsefulBytes)
            {
                entries.Add(new FileBatchEntry(path, 0, Skipped: true,
                    Detail: $"Not read: this answer's byte budget (ORCH_MAX_BYTES, {limits.MaxBytes} bytes) is spent. Read it in a call of its own (read_file, or GET /file?path=…&start_line={start})."));
                continue;
            }

            var outcome = await files.ReadAsync(new FileReadRequest(path, start, end, actor, operationPrefix, remaining), ct);
            if (!outcome.TryGet(out var read, out var problem))
            {
                entries.Add(new FileBatchEntry(path, problem.Status, problem.Detail));
                continue;
            }

            remaining -= read.BodyUtf8.Length;
            var body = read.Body();
            entries.Add(new FileBatchEntry(read.Path, StatusCodes.Status200OK, null, read.StartLine, read.EndLine, read.TotalLines, read.Truncated,
                read.Truncated ? NextStartLine(read, body) : null, read.ContentSha256, read.HiddenCharacters, Content: body));
        }

        return new FileBatchResult(entries, limits.MaxBytes, entries.Any(e => e.Truncated == true || e.Skipped == true));
    }

    /// <summary>
    /// `path`, `path:START-END` or `path:START-` (1-based, inclusive). A path that itself ends in `:N-M` is read as a
    /// window: name such a file with an explicit window (`x:1-2:1-`).
    /// </summary>
    private static (string Path, int Start, int? End) Parse(string spec)
    {
        var match = WindowPattern().Match(spec ?? "");
        if (!match.Success)
        {
            return (spec ?? "", 1, null);
        }

        // An unparsable number (too many digits) is handed on as a line that FileReadService refuses by name.
        var start = int.TryParse(match.Groups[2].Value, NumberStyles.None, CultureInfo.InvariantCulture, out var s) ? s : 0;
        int? end = match.Groups[3].Value.Length == 0 ? null
            : int.TryParse(match.Groups[3].Value, NumberStyles.None, CultureInfo.InvariantCulture, out var e) ? e : 0;
        return (match.Groups[1].Value, start, end);
    }

    /// <summary>Where to continue: the first line the cut body does not hold whole.</summary>
    private static int NextStartLine(FileReadResult read, string body)
    {
        var served = body.EndsWith(OutputLimits.TruncationMarker, StringComparison.Ordinal) ? body[..^OutputLimits.TruncationMarker.Length] : body;
        var wholeLines = served.Count(c => c == '\n');
        return Math.Min(read.StartLine + wholeLines, read.EndLine + 1);
    }

    [GeneratedRegex(@"^(.+):([0-9]{1,10})-([0-9]{0,10})$", RegexOptions.CultureInvariant | RegexOptions.Singleline)]
    private static partial Regex WindowPattern();
}
