using System.Globalization;
using System.Text.Encodings.Web;
using System.Text.RegularExpressions;
using RepoOrchestrator.Configuration;
using RepoOrchestrator.Errors;
using RepoOrchestrator.Index;
using RepoOrchestrator.Reading;
using RepoOrchestrator.Security.Paths;
using RepoOrchestrator.Security.Redaction;

namespace RepoOrchestrator.Search;

/// <summary>
/// Search over the active repository for /search and the MCP search tool (SPEC 5): literal text or a linear-time
/// regular expression, case-sensitive or not, over the files tree would list (allowed extensions, no dot, denied or
/// linked folders, what `.gitignore` ignores unless asked otherwise, allowlisted only when required), optionally one
/// extension and include/exclude globs, skipping binary files and files over ORCH_MAX_FILE_BYTES. Pages of at most 50
/// hits ordered by file then line and at most <see cref="MaxPageChars"/> characters, each hit redacted with optional
/// context lines; <c>next_cursor</c> continues. Audited once per page. A file too costly to redact within the
/// request's redaction budget is skipped and listed, never served unchecked (SearchScan). Steps in the order of
/// <see cref="ReadPipeline"/>: repository, guard (the root), walk (or the index's candidates), allowlist per file, read,
/// redaction of the whole file, match on served lines, audit.
/// </summary>
public sealed partial class SearchService(
    ReadLimits limits,
    ReadPipeline pipeline,
    RepositoryWalker walker,
    ITextRedactor redactor,
    ServedFileRule servedFiles,
    NetworkSettings network,
    IndexReads index)
{
    public const int MaxResults = 50;
    public const int MinQueryLength = SearchQuery.MinLength;
    public const int MaxQueryLength = SearchQuery.MaxLength;
    public const int MaxContextLines = 5;
    public const int MaxGlobs = 10;

    /// <summary>A page's JSON stays well under the 100,000 characters of a ChatGPT Action, so no page is ever cut there.</summary>
    public const int MaxPageChars = 80_000;

    /// <summary>The failures <see cref="SearchAsync"/> can answer, declared once for the OpenAPI document (SearchEndpoints).</summary>
    public static readonly ExpectedProblems Failures = new([StatusCodes.Status400BadRequest, StatusCodes.Status403Forbidden, StatusCodes.Status409Conflict]);

    public Task<Outcome<SearchResult>> SearchAsync(SearchRequest request, string actor, string operationPrefix, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(request);
        return ReadPipeline.RunAsync(() => SearchCoreAsync(request, new ReadCaller(actor, operationPrefix), ct));
    }

    private async Task<Outcome<SearchResult>> SearchCoreAsync(SearchRequest request, ReadCaller caller, CancellationToken ct)
    {
        if (!pipeline.Repository().TryGet(out var repo, out var problem)
            || !SearchQuery.Create(request.Query, request.Regex, request.CaseSensitive, caller.Actor).TryGet(out var query, out problem)
            || !ValidateExtension(request.Extension).TryGet(out var ext, out problem)
            || !Globs(request.Globs, "glob").TryGet(out var include, out problem)
            || !Globs(request.ExcludeGlobs, "exclude_glob").TryGet(out var exclude, out problem))
        {
            return problem;
        }

        if (request.ContextLines is < 0 or > MaxContextLines)
        {
            return Problem.BadRequest($"Query parameter 'context_lines' must be between 0 and {MaxContextLines}.");
        }

        var scope = CursorScope(repo, request, ext);
        if (!PageCursor.Decode(request.Cursor, scope).TryGet(out var position, out problem)
            || !Resume(position).TryGet(out var resume, out problem)
            || !(await pipeline.GuardFolderAsync(repo, caller, ".")).TryGet(out var root, out problem))
        {
            return problem;
        }

        var filter = pipeline.AllowlistFor(repo); // SECURITY: allowlist-required mode
        // Files are not stat-ed by the walk here: SearchScan opens each with SafeFileAccess, which refuses links and
        // applies the serving rule (hard links, the service's own files) to the opened file.
        var gitIgnore = request.GitIgnore ? new GitIgnoreFilter() : null;
        var globs = new GlobFilter(include, exclude);

        // The index proposes the files that can hold a hit (same walk rules, `.gitignore` on); each is then read and
        // matched exactly as the scan would. Without a plan (no literal to narrow by) or a ready index, the walk does.
        var plan = request.GitIgnore ? TrigramPlan.For(query) : null;
        var (lease, indexUse) = await index.LeaseAsync(repo, plan is not null, ct);
        using var held = lease; // the candidates are read from the index's file while the scan consumes them
        var source = lease is not null
            ? index.Confirmed(repo, lease.View.Candidates(plan!.Alternatives))
            : walker.Files(repo, root, int.MaxValue, checkFiles: false, gitIgnore);

        var files = source
            .TakeWhile(_ => !globs.Exhausted) // the glob budget is spent: stop the walk, the answer says partial
            .Where(f =>
                (resume is not { } from || string.CompareOrdinal(f.RelativePath, from.File) >= 0)
                && (ext is null || string.Equals(Path.GetExtension(f.RelativePath), ext, StringComparison.OrdinalIgnoreCase))
                && globs.Allows(f.RelativePath)
                && (filter is null || filter.Allows(f.RelativePath)));

        // SECURITY: which files are read, and how, depends on served text only (FileMatcher, Index/RedactedContent).
        var matcher = new FileMatcher(query, request.ContextLines, MaxResults + 1, limits.MaxFileBytes, redactor, servedFiles);
        var (found, truncated, skipped, partial, resumeAt) = await new SearchScan(files, matcher, MaxResults, resume, lease?.View.SkippedUnread).RunAsync(ct);
        partial |= globs.Exhausted; // the glob budget ran out before every file was considered
        var name = pipeline.RepositoryName(repo);
        var hits = found.Select(h => h with
        {
            // The shape ChatGPT connectors need (search returns ids, fetch reads one), beside the fields every client reads.
            Id = DocumentId.For(name, h.File, h.Line),
            Title = $"{h.File}:{h.Line}",
            Url = DocumentId.Url(network.PublicUrl, name, h.File, h.Line),
        }).ToList();
        var page = FitPage(hits);
        truncated |= page.Count < hits.Count;
        // More hits: the next page starts after the last one served. The redaction budget ran out first: it starts
        // where this page stopped searching, so following next_cursor searches every file once.
        var next = truncated && page.Count > 0 ? PageCursor.Encode($"{page[^1].Line}\n{page[^1].File}", scope)
            : resumeAt is { } at && !globs.Exhausted ? PageCursor.Encode($"{at.Line}\n{at.File}", scope)
            : null;

        var digest = string.Join('\n', page.Select(h => $"{h.File}:{h.Line}:{h.Content}"));
        await pipeline.AuditAsync(caller, "SEARCH", ReadAudit.QueryFingerprint(query.Text),
            "ext=" + (ext ?? "*") + (request.Regex ? " regex" : "") + (request.CaseSensitive ? "" : " nocase") + (position is null ? "" : " page:next"),
            ReadAudit.Sha256Hex(digest));
        return new SearchResult(page, truncated, skipped, partial) { NextCursor = next, Index = indexUse };
    }

    // Hits in order while the page's JSON stays under MaxPageChars (content and context, escaped as the serializer will).
    private static List<SearchHit> FitPage(IReadOnlyList<SearchHit> hits)
    {
        var page = new List<SearchHit>(hits.Count);
        var chars = 600;
        foreach (var hit in hits)
        {
            chars += 120 + Escaped(hit.Id ?? "") + Escaped(hit.Title ?? "") + Escaped(hit.Url ?? "") + Escaped(hit.File) + Escaped(hit.Content)
                + (hit.ContextBefore?.Sum(l => Escaped(l) + 3) ?? 0) + (hit.ContextAfter?.Sum(l => Escaped(l) + 3) ?? 0);
            if (chars > MaxPageChars && page.Count > 0)
            {
                break;
            }

            page.Add(hit);
        }

        return page;
    }

    private static int Escaped(string text) => JavaScriptEncoder.Default.Encode(text).Length;

    // What a cursor is bound to: the repository and every parameter that shapes the result.
    private static string CursorScope(string repo, SearchRequest request, string? ext) => string.Join('\n',
        "search", repo, request.Query, request.Regex ? "r" : "l", request.CaseSensitive ? "cs" : "ci",
        request.ContextLines.ToString(CultureInfo.InvariantCulture), ext ?? "", request.GitIgnore ? "1" : "0",
        string.Join('\u001f', request.Globs), string.Join('\u001f', request.ExcludeGlobs));

    private static Outcome<(string File, int Line)?> Resume(string? position)
    {
        if (position is null)
        {
            return ((string File, int Line)?)null;
        }

        var parts = position.Split('\n', 2);
        return parts.Length == 2 && int.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var line)
            ? ((string File, int Line)?)(parts[1], line)
            : Problem.BadRequest("Query parameter 'cursor' is not a cursor of this service: pass the next_cursor of the previous page unchanged.");
    }

    private static Outcome<IReadOnlyList<PathGlob>> Globs(IReadOnlyList<string> patterns, string parameter)
    {
        if (patterns.Count > MaxGlobs)
        {
            return Problem.BadRequest($"Query parameter '{parameter}' may be given at most {MaxGlobs} times.");
        }

        var globs = new List<PathGlob>(patterns.Count);
        foreach (var pattern in patterns)
        {
            if (!PathGlob.TryParse(pattern.TrimStart('/'), out var glob, out var error))
            {
                return Problem.BadRequest($"Query parameter '{parameter}' is not a usable glob: it {error}. Use e.g. '*.cs', 'src/**' or 'tests/**/*.py'.");
            }

            globs.Add(glob);
        }

        return globs;
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
