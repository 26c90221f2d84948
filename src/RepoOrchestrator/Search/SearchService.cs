using System.Text;
using System.Text.RegularExpressions;
using RepoOrchestrator.Configuration;
using RepoOrchestrator.Errors;
using RepoOrchestrator.Reading;
using RepoOrchestrator.Security.Paths;
using RepoOrchestrator.Security.Redaction;

namespace RepoOrchestrator.Search;

/// <summary>
/// Literal, case-sensitive search over the active repository for /search and the MCP search tool (SPEC 5): the
/// files tree would list (allowed extensions, no dot, denied or linked folders, allowlisted only when required),
/// optionally one extension, skipping binary files and files over ORCH_MAX_FILE_BYTES. At most 50 hits ordered by
/// file then line, each line redacted. Audited once per search. A file too costly to redact within the request's
/// redaction budget is skipped and listed, never served unchecked (SearchScan). Steps in the order of <see cref="ReadPipeline"/>:
/// repository, guard (the root), walk, allowlist per file, read, redaction per hit line, audit.
/// </summary>
public sealed partial class SearchService(
    ReadLimits limits,
    ReadPipeline pipeline,
    RepositoryWalker walker,
    ITextRedactor redactor,
    ServedFileRule servedFiles)
{
    public const int MaxResults = 50;
    public const int MinQueryLength = 3;
    public const int MaxQueryLength = 128;

    /// <summary>The failures <see cref="SearchAsync"/> can answer, declared once for the OpenAPI document (SearchEndpoints).</summary>
    public static readonly ExpectedProblems Failures = new([StatusCodes.Status400BadRequest, StatusCodes.Status403Forbidden, StatusCodes.Status409Conflict]);

    public Task<Outcome<SearchResult>> SearchAsync(string? query, string? extension, string actor, string operationPrefix, CancellationToken ct) =>
        ReadPipeline.RunAsync(() => SearchCoreAsync(query, extension, new ReadCaller(actor, operationPrefix), ct));

    private async Task<Outcome<SearchResult>> SearchCoreAsync(string? query, string? extension, ReadCaller caller, CancellationToken ct)
    {
        if (!pipeline.Repository().TryGet(out var repo, out var problem)
            || !ValidateQuery(query).TryGet(out var literal, out problem)
            || !ValidateExtension(extension).TryGet(out var ext, out problem)
            || !(await pipeline.GuardFolderAsync(repo, caller, ".")).TryGet(out var root, out problem))
        {
            return problem;
        }

        var filter = pipeline.AllowlistFor(repo); // SECURITY: allowlist-required mode
        // Files are not stat-ed by the walk here: SearchScan opens each with SafeFileAccess, which refuses links and
        // applies the serving rule (hard links, the service's own files) to the opened file.
        var files = walker.Files(repo, root, int.MaxValue, checkFiles: false).Where(f =>
            (ext is null || string.Equals(Path.GetExtension(f.RelativePath), ext, StringComparison.OrdinalIgnoreCase))
            && (filter is null || filter.Allows(f.RelativePath)));

        var scan = new SearchScan(files, Encoding.UTF8.GetBytes(literal), MaxResults, limits.MaxFileBytes, redactor, servedFiles);
        var (hits, truncated, skipped, partial) = await scan.RunAsync(ct);

        var digest = string.Join('\n', hits.Select(h => $"{h.File}:{h.Line}:{h.Content}"));
        await pipeline.AuditAsync(caller, "SEARCH", ReadAudit.QueryFingerprint(literal),
            "ext=" + (ext ?? "*"), ReadAudit.Sha256Hex(digest));
        return new SearchResult(hits, truncated, skipped, partial);
    }

    private static Outcome<string> ValidateQuery(string? query)
    {
        if (string.IsNullOrEmpty(query))
        {
            return Problem.BadRequest($"Query parameter 'q' is required: {MinQueryLength} to {MaxQueryLength} characters of literal text.");
        }

        var length = query.EnumerateRunes().Count();
        if (length is < MinQueryLength or > MaxQueryLength)
        {
            return Problem.BadRequest($"Query parameter 'q' must be {MinQueryLength} to {MaxQueryLength} characters long (it has {length}).");
        }

        if (query.Any(c => char.IsControl(c) && c != '\t') || query.EnumerateRunes().Any(r => r == Rune.ReplacementChar))
        {
            return Problem.BadRequest("Query parameter 'q' must be one line of text (no line breaks or control characters).");
        }

        return query;
    }

    /// <summary>"cs", ".cs" or ".CS" → ".cs"-style extension; null when absent.</summary>
    private static Outcome<string?> ValidateExtension(string? extension)
    {
        if (string.IsNullOrEmpty(extension))
        {
            return (string?)null;
        }

        if (!ExtensionPattern().IsMatch(extension))
        {
            return Problem.BadRequest("Query parameter 'ext' must be one file extension such as '.cs' or 'py'.");
        }

        return extension.StartsWith('.') ? extension : "." + extension;
    }

    [GeneratedRegex("^\\.?[A-Za-z0-9][A-Za-z0-9_+-]{0,15}$", RegexOptions.CultureInvariant)]
    private static partial Regex ExtensionPattern();
}
