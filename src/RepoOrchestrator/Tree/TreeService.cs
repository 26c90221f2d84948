using System.Globalization;
using System.Text.Encodings.Web;
using RepoOrchestrator.Configuration;
using RepoOrchestrator.Errors;
using RepoOrchestrator.Reading;
using RepoOrchestrator.Security.Paths;

namespace RepoOrchestrator.Tree;

/// <summary>
/// Lists the files of a folder of the active repository for /tree and the MCP list_tree tool (SPEC 5): only
/// allowed extensions, no dot, denied or linked folders, what `.gitignore` ignores left out unless asked otherwise,
/// limited to allowlisted files when ORCH_ALLOWLIST_REQUIRE is on, with each file's size and line count. Pages of at
/// most <see cref="MaxEntries"/> entries and <see cref="MaxPageChars"/> characters of JSON in ordinal order, each
/// ending with the cursor of the next. Audited once per page. Steps in the order of <see cref="ReadPipeline"/>:
/// repository, guard (the folder), walk (path rules, then `.gitignore`), allowlist per file, measure, audit.
/// </summary>
public sealed class TreeService(
    ReadLimits limits,
    ReadPipeline pipeline,
    RepositoryWalker walker,
    ServedFileRule servedFiles)
{
    public const int MaxEntries = 2000;
    public const int MaxDepthLimit = 6;

    /// <summary>A page's JSON stays well under the 100,000 characters of a ChatGPT Action, so no page is ever cut there.</summary>
    public const int MaxPageChars = 80_000;

    /// <summary>The failures <see cref="ListAsync"/> can answer, declared once for the OpenAPI document (TreeEndpoints).</summary>
    public static readonly ExpectedProblems Failures = new([
        StatusCodes.Status400BadRequest, StatusCodes.Status403Forbidden, StatusCodes.Status404NotFound, StatusCodes.Status409Conflict,
    ]);

    public Task<Outcome<TreeResult>> ListAsync(TreeRequest request, string actor, string operationPrefix = "")
    {
        ArgumentNullException.ThrowIfNull(request);
        return ReadPipeline.RunAsync(() => ListCoreAsync(request, new ReadCaller(actor, operationPrefix)));
    }

    private async Task<Outcome<TreeResult>> ListCoreAsync(TreeRequest request, ReadCaller caller)
    {
        if (!pipeline.Repository().TryGet(out var repo, out var problem))
        {
            return problem;
        }

        if (request.MaxDepth is < 0 or > MaxDepthLimit)
        {
            return Problem.BadRequest($"Query parameter 'max_depth' must be between 0 and {MaxDepthLimit}.");
        }

        if (!(await pipeline.GuardFolderAsync(repo, caller, request.Path)).TryGet(out var folder, out problem))
        {
            return problem;
        }

        var cursorScope = string.Join('\n', "tree", repo, folder.RelativePath, request.MaxDepth.ToString(CultureInfo.InvariantCulture), request.GitIgnore ? "1" : "0");
        if (!PageCursor.Decode(request.Cursor, cursorScope).TryGet(out var after, out problem))
        {
            return problem;
        }

        var filter = pipeline.AllowlistFor(repo); // SECURITY: allowlist-required mode
        var gitIgnore = request.GitIgnore ? new GitIgnoreFilter() : null;
        var measure = new TreeFileMeasure(limits.MaxFileBytes, servedFiles);
        var entries = new List<TreeEntry>();
        var chars = 200; // the object's own keys and the note a client may add
        var more = false;
        // SECURITY: files are opened (to measure them) only through SafeFileAccess, which refuses links, FIFOs and what
        // the serving rule refuses; one that cannot be opened is not listed, as the walk's own check would have done.
        foreach (var file in walker.Files(repo, folder, request.MaxDepth, checkFiles: false, gitIgnore))
        {
            if ((after is not null && string.CompareOrdinal(file.RelativePath, after) <= 0)
                || (filter is not null && !filter.Allows(file.RelativePath)))
            {
                continue;
            }

            var cost = EntryChars(file.RelativePath);
            if (entries.Count == MaxEntries || chars + cost > MaxPageChars)
            {
                more = true;
                break;
            }

            if (measure.Measure(file) is not { } entry)
            {
                continue;
            }

            entries.Add(entry);
            chars += cost;
        }

        var files = entries.Select(e => e.Path).ToList();
        var next = more && entries.Count > 0 ? PageCursor.Encode(entries[^1].Path, cursorScope) : null;
        await pipeline.AuditAsync(caller, "LIST_TREE", folder.RelativePath,
            $"depth:{request.MaxDepth}" + (request.GitIgnore ? "" : " gitignore:off") + (after is null ? "" : " page:next"),
            ReadAudit.Sha256Hex(string.Join('\n', files)));
        return new TreeResult(files, more)
        {
            Entries = entries,
            NextCursor = next,
            GitIgnoreIncomplete = gitIgnore?.Exhausted == true,
        };
    }

    // What one file adds to the page's JSON: its path twice (files and entries, escaped as the serializer will) and
    // the entry's keys and numbers.
    private static int EntryChars(string path) => (2 * JavaScriptEncoder.Default.Encode(path).Length) + 60;
}
