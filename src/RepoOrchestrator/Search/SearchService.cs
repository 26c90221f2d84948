using System.Text;
using System.Text.RegularExpressions;
using RepoOrchestrator.Allowlist;
using RepoOrchestrator.Audit;
using RepoOrchestrator.Configuration;
using RepoOrchestrator.Errors;
using RepoOrchestrator.ReadPath;
using RepoOrchestrator.Repositories;
using RepoOrchestrator.Security.Paths;
using RepoOrchestrator.Security.Redaction;

namespace RepoOrchestrator.Search;

/// <summary>
/// Literal, case-sensitive search over the active repository for /search and the MCP search tool (SPEC 5): the
/// files tree would list (allowed extensions, no dot, denied or linked folders, allowlisted only when required),
/// optionally one extension, skipping binary files and files over ORCH_MAX_FILE_BYTES. At most 50 hits ordered by
/// file then line, each line redacted. Audited once per search. A file too costly to redact within the request's
/// redaction budget is skipped and listed, never served unchecked (SearchScan).
/// </summary>
public sealed partial class SearchService(
    OrchestratorOptions options,
    RepositoryService repositories,
    PathGuard guard,
    RepositoryWalker walker,
    AllowlistStore allowlist,
    ITextRedactor redactor,
    ServedFileRule servedFiles,
    AuditLog audit)
{
    public const int MaxResults = 50;
    public const int MinQueryLength = 3;
    public const int MaxQueryLength = 128;

    public async Task<SearchResult> SearchAsync(string? query, string? extension, string actor, string operationPrefix, CancellationToken ct)
    {
        var repo = repositories.RequireActive();
        var literal = ValidateQuery(query);
        var ext = ValidateExtension(extension);
        var root = guard.ResolveFolder(repo, ".");
        var filter = AllowlistFilter.For(options.AllowlistRequire, allowlist, repo); // SECURITY: allowlist-required mode
        // Files are not stat-ed by the walk here: SearchScan opens each with SafeFileAccess, which refuses links and
        // applies the serving rule (hard links, the service's own files) to the opened file.
        var files = walker.Files(repo, root, int.MaxValue, checkFiles: false).Where(f =>
            (ext is null || string.Equals(Path.GetExtension(f.RelativePath), ext, StringComparison.OrdinalIgnoreCase))
            && (filter is null || filter.Allows(f.RelativePath)));

        var scan = new SearchScan(files, Encoding.UTF8.GetBytes(literal), MaxResults, options.MaxFileBytes, redactor, servedFiles);
        var (hits, truncated, skipped, partial) = await scan.RunAsync(ct);

        var digest = string.Join('\n', hits.Select(h => $"{h.File}:{h.Line}:{h.Content}"));
        await audit.OperationAsync(operationPrefix + "SEARCH", actor, ReadAudit.QueryFingerprint(literal),
            "ext=" + (ext ?? "*"), ReadAudit.Sha256Hex(digest));
        return new SearchResult(hits, truncated, skipped, partial);
    }

    private static string ValidateQuery(string? query)
    {
        if (string.IsNullOrEmpty(query))
        {
            throw ApiProblemException.BadRequest($"Query parameter 'q' is required: {MinQueryLength} to {MaxQueryLength} characters of literal text.");
        }

        var length = query.EnumerateRunes().Count();
        if (length is < MinQueryLength or > MaxQueryLength)
        {
            throw ApiProblemException.BadRequest($"Query parameter 'q' must be {MinQueryLength} to {MaxQueryLength} characters long (it has {length}).");
        }

        if (query.Any(c => char.IsControl(c) && c != '\t') || query.EnumerateRunes().Any(r => r == Rune.ReplacementChar))
        {
            throw ApiProblemException.BadRequest("Query parameter 'q' must be one line of text (no line breaks or control characters).");
        }

        return query;
    }

    /// <summary>"cs", ".cs" or ".CS" → ".cs"-style extension; null when absent.</summary>
    private static string? ValidateExtension(string? extension)
    {
        if (string.IsNullOrEmpty(extension))
        {
            return null;
        }

        if (!ExtensionPattern().IsMatch(extension))
        {
            throw ApiProblemException.BadRequest("Query parameter 'ext' must be one file extension such as '.cs' or 'py'.");
        }

        return extension.StartsWith('.') ? extension : "." + extension;
    }

    [GeneratedRegex("^\\.?[A-Za-z0-9][A-Za-z0-9_+-]{0,15}$", RegexOptions.CultureInvariant)]
    private static partial Regex ExtensionPattern();
}
