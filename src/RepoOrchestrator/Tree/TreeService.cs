using System.Buffers;
using System.Globalization;
using System.Text.Encodings.Web;
using RepoOrchestrator.Configuration;
using RepoOrchestrator.Errors;
using RepoOrchestrator.Index;
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
    ServedFileRule servedFiles,
    IndexReads index)
{
    public const int MaxEntries = 2000;
    public const int MaxDepthLimit = 6;

    /// <summary>A page's JSON stays well under the 100,000 characters of a ChatGPT Action, so no page is ever cut there.</summary>
    public const int MaxPageChars = 80_000;

    /// <summary>The failures <see cref="ListAsync"/> can answer, declared once for the OpenAPI document (TreeEndpoints).</summary>
    public static readonly ExpectedProblems Failures = new([
        StatusCodes.Status400BadRequest, StatusCodes.Status403Forbidden, StatusCodes.Status404NotFound, StatusCodes.Status409Conflict,
    ]);

    public Task<Outcome<TreeResult>> ListAsync(TreeRequest request, string actor, string operationPrefix = "", CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        return ReadPipeline.RunAsync(() => ListCoreAsync(request, new ReadCaller(actor, operationPrefix), ct));
    }

    private async Task<Outcome<TreeResult>> ListCoreAsync(TreeRequest request, ReadCaller caller, CancellationToken ct)
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
        TreeResult result;

        // The index lists what the walk (with `.gitignore`) would, with sizes and line counts as of the last check; a
        // folder asked for through a link, or `.gitignore` off, is walked as before.
        var start = Relative(folder.RelativePath);
        var (lease, indexUse) = await index.LeaseAsync(repo, request.GitIgnore && start == Relative(folder.RealRelativePath), ct);
        using (lease)
        {
            result = lease is not null
                ? Indexed(lease.View, start, request.MaxDepth, after, filter, cursorScope)
                : Scanned(Walked(repo, folder, request.MaxDepth, gitIgnore, after, filter), filter, cursorScope);
        }

        await pipeline.AuditAsync(caller, "LIST_TREE", folder.RelativePath,
            $"depth:{request.MaxDepth}" + (request.GitIgnore ? "" : " gitignore:off") + (after is null ? "" : " page:next"),
            result.Page?.Sha256Hex() ?? ReadAudit.Sha256Hex(string.Join('\n', result.Files)));
        return result with
        {
            GitIgnoreIncomplete = gitIgnore?.Exhausted == true,
            Index = indexUse,
        };
    }

    // A page through the index: the view's listed files below the folder, as positions in its listing, with the same
    // allowlist check and page limits as the scan's page.
    private static TreeResult Indexed(IndexView view, string start, int maxDepth, string? after, Allowlist.AllowlistFilter? filter, string cursorScope)
    {
        var listing = view.Base.Listing;
        var items = ArrayPool<int>.Shared.Rent(MaxEntries); // a page's ids, copied out at its exact size
        List<IndexedFile>? changed = null;
        var count = 0;
        var more = false;
        var budget = new PageBudget();
        try
        {
            foreach (var file in view.Listed(start, maxDepth, after))
            {
                if (filter is not null && !filter.Allows(file.Changed?.Path ?? listing.Path(file.Id)))
                {
                    continue; // SECURITY: allowlist-required mode
                }

                if (!budget.Take(file.Changed is { } overlay ? EscapedLength(overlay.Path) : listing.EscapedLength(file.Id)))
                {
                    more = true;
                    break;
                }

                if (file.Changed is { } update)
                {
                    changed ??= [];
                    items[count++] = ~changed.Count;
                    changed.Add(update);
                }
                else
                {
                    items[count++] = file.Id;
                }
            }

            var page = new TreePage(listing, items.AsSpan(0, count).ToArray(), changed?.ToArray() ?? []);
            return new TreeResult(page.Files, more)
            {
                Entries = page.Entries,
                NextCursor = more && page.Count > 0 ? PageCursor.Encode(page.Path(page.Count - 1), cursorScope) : null,
                Page = page,
            };
        }
        finally
        {
            ArrayPool<int>.Shared.Return(items);
        }
    }

    // A page of the scan (entries measured as the walk yields them; null: a file that could not be opened).
    private static TreeResult Scanned(IEnumerable<TreeEntry?> listed, Allowlist.AllowlistFilter? filter, string cursorScope)
    {
        var entries = new List<TreeEntry>();
        var more = false;
        var budget = new PageBudget();
        foreach (var entry in listed)
        {
            if (entry is null || (filter is not null && !filter.Allows(entry.Path)))
            {
                continue;
            }

            if (!budget.Take(EscapedLength(entry.Path)))
            {
                more = true;
                break;
            }

            entries.Add(entry);
        }

        return new TreeResult(entries.Select(e => e.Path).ToList(), more)
        {
            Entries = entries,
            NextCursor = more && entries.Count > 0 ? PageCursor.Encode(entries[^1].Path, cursorScope) : null,
        };
    }

    // The scan: the walk in ordinal order, each file measured as it comes. SECURITY: files are opened (to measure them)
    // only through SafeFileAccess, which refuses links, FIFOs and what the serving rule refuses; one that cannot be
    // opened is not listed (null), as the walk's own check would have done. Files are measured lazily, so a page stops
    // reading once it is full.
    private IEnumerable<TreeEntry?> Walked(string repo, GuardedPath folder, int maxDepth, GitIgnoreFilter? gitIgnore, string? after, Allowlist.AllowlistFilter? filter)
    {
        var measure = new TreeFileMeasure(limits.MaxFileBytes, servedFiles);
        foreach (var file in walker.Files(repo, folder, maxDepth, checkFiles: false, gitIgnore))
        {
            if ((after is null || string.CompareOrdinal(file.RelativePath, after) > 0) && (filter is null || filter.Allows(file.RelativePath)))
            {
                yield return measure.Measure(file);
            }
        }
    }

    private static string Relative(string path) => path is "." or "" ? "" : path.Replace('\\', '/').TrimEnd('/');

    // What one file adds to the page's JSON: its path twice (files and entries, escaped as the serializer will) and
    // the entry's keys and numbers.
    private static int EscapedLength(string path) => JavaScriptEncoder.Default.Encode(path).Length;

    // A page's limits, one for both ways of listing: at most MaxEntries files and about MaxPageChars of JSON.
    private sealed class PageBudget
    {
        private int _count;
        private int _chars = 200; // the object's own keys and the note a client may add

        // Whether a file whose path escapes to that many characters still fits the page; when it does, it is counted.
        public bool Take(int escapedLength)
        {
            var cost = (2 * escapedLength) + 60;
            if (_count == MaxEntries || _chars + cost > MaxPageChars)
            {
                return false;
            }

            _count++;
            _chars += cost;
            return true;
        }
    }
}
