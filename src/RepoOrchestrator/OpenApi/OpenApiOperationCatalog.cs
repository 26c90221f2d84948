using System.Collections.Frozen;
using RepoOrchestrator.Audit;
using RepoOrchestrator.Git;
using RepoOrchestrator.Search;
using RepoOrchestrator.Tree;

namespace RepoOrchestrator.OpenApi;

/// <summary>
/// The facts about each operation that its handler's signature cannot show: parameter meanings and limits
/// (the same limits the services enforce, SPEC 5 and 6), and which operations answer text/plain. Keyed by operationId, so the
/// document stays right whichever feature file maps the endpoint.
/// </summary>
internal static class OpenApiOperationCatalog
{
    public static readonly FrozenDictionary<string, FrozenDictionary<string, OpenApiParameterDoc>> Parameters =
        new Dictionary<string, FrozenDictionary<string, OpenApiParameterDoc>>(StringComparer.Ordinal)
        {
            ["getTree"] = Params(
                ("path", new("Folder to list, relative to the active repository (default `.`, the repository root).", MaxLength: 4096)),
                ("max_depth", new("How many folder levels to descend (0 lists only the folder itself; default 3).", Minimum: 0, Maximum: TreeService.MaxDepthLimit))),
            ["getFile"] = Params(
                ("path", new("File to read, relative to the active repository, e.g. `src/app.py`.", MinLength: 1, MaxLength: 4096, Required: true)),
                ("start_line", new("First line to return, 1-based (default 1). Past the end gives an empty body and the real length in X-Total-Lines.", Minimum: 1)),
                ("end_line", new("Last line to return, inclusive (default start_line + ORCH_MAX_LINES - 1; longer ranges are cut and marked truncated).", Minimum: 1))),
            ["search"] = Params(
                ("q", new("Literal, case-sensitive text to find (3 to 128 characters).", MinLength: SearchService.MinQueryLength, MaxLength: SearchService.MaxQueryLength, Required: true)),
                ("ext", new("Only search files with this extension, e.g. `.py` (optional).", MaxLength: 32))),
            ["getDiff"] = Params(
                ("base", new("Base ref (branch, tag or commit; default `main`).", MinLength: 1, MaxLength: GitRefName.MaxLength, Pattern: GitRefName.Pattern)),
                ("head", new("Head ref (default `HEAD`).", MinLength: 1, MaxLength: GitRefName.MaxLength, Pattern: GitRefName.Pattern)),
                ("mode", new("`stat` (default) for `git diff --stat`, `patch` for the full patch.", Enum: ["stat", "patch"]))),
            ["getAudit"] = Params(
                ("limit", new("How many of the last audit lines to return (10 to 500, default 200).", Minimum: AuditEndpoints.MinLimit, Maximum: AuditEndpoints.MaxLimit)),
                ("op", new("Only lines of this operation, e.g. `READ_SNAPSHOT` or `PANIC` (exact).")),
                ("actor", new("Only lines of this token name, e.g. `actions` or `ci-bot` (exact, without the fingerprint).")),
                ("from", new("Only lines at or after this ISO-8601 time.")),
                ("to", new("Only lines at or before this ISO-8601 time."))),
            ["exportAudit"] = Params(
                ("from", new("Export lines at or after this ISO-8601 time (default: the oldest kept line).")),
                ("to", new("Export lines at or before this ISO-8601 time (default: the newest line)."))),
            ["addAllowlistEntry"] = Params(
                ("path", new("File or folder to allow, relative to the active repository (`.` for all of it).", MinLength: 1, MaxLength: 4096, Required: true)),
                ("expires", new("How long it stays allowed: a number and a unit (m, h, d or w), e.g. 30m, 8h, 7d (default 1h)."))),
            ["removeAllowlistEntry"] = Params(
                ("path", new("The allowlisted path to remove, relative to the active repository.", MinLength: 1, MaxLength: 4096, Required: true))),
            ["createToken"] = Params(
                ("name", new("The token's name as audit lines show it: a-z, 0-9, '.', '_' and '-', at most 64 characters.", MinLength: 1, MaxLength: 64, Required: true)),
                ("role", new("`reader` (default: read endpoints and tools) or `admin`.", Enum: ["reader", "admin"])),
                ("repos", new("Repositories it may read: names relative to the root, comma-separated, `*` and `?` allowed (default: all).")),
                ("tools", new("MCP tools it may use (and the endpoints mirroring them), comma-separated (default: all of its role's).")),
                ("expires", new("Lifetime: a number and a unit (m, h, d or w), e.g. 30d (default: never).")),
                ("rate", new("Its own requests-per-window limit instead of ORCH_RATE_LIMIT_PER_MIN (1 to 1000000)."))),
            ["revokeToken"] = Params(
                ("name", new("The named token or approved OAuth client to revoke.", MinLength: 1, MaxLength: 64, Required: true))),
            ["selectRepo"] = Params(RepoPath()),
            ["openRepo"] = Params(RepoPath()),
            ["vitaminizeRepo"] = Params(RepoPath()),
            ["resolveSecurity"] = Params(
                ("action", new("`clear_panic` turns panic mode off and resolves every event; `resolve` marks the event `id` resolved; `dismiss` removes it from the list.", Enum: ["clear_panic", "resolve", "dismiss"], Required: true)),
                ("id", new("The event's number from GET /ui/security/events (with `resolve` and `dismiss`)."))),
        }.ToFrozenDictionary(StringComparer.Ordinal);

    /// <summary>Operations whose success body is text/plain (SPEC 5), with the headers they send.</summary>
    public static readonly FrozenDictionary<string, (string Description, (string Name, string Description, bool IsInteger)[] Headers)> TextPlain =
        new Dictionary<string, (string, (string, string, bool)[])>(StringComparer.Ordinal)
        {
            ["getFile"] = (
                "The requested lines, secrets redacted. Ends with `# ... [TRUNCATED] ...` when cut.",
                [("X-Content-SHA256", "SHA-256 (hex) of the body, as written to the audit log.", false), ("X-Total-Lines", "Number of lines in the whole file.", true)]),
            ["getDiff"] = (
                "`git diff --stat` (or the patch with mode=patch), secrets redacted. Ends with `# ... [TRUNCATED] ...` when capped.",
                []),
        }.ToFrozenDictionary(StringComparer.Ordinal);

    private static (string, OpenApiParameterDoc) RepoPath() =>
        ("path", new("Repository folder: absolute, or relative to the repository root (ORCH_REPO_ROOT).", MinLength: 1, MaxLength: 4096, Required: true));

    private static FrozenDictionary<string, OpenApiParameterDoc> Params(params (string Name, OpenApiParameterDoc Doc)[] items) =>
        items.ToFrozenDictionary(i => i.Name, i => i.Doc, StringComparer.Ordinal);
}
